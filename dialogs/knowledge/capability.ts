import { extractQuestion } from '../../knowledge/eligibility/extract';
import { MENU_POSTBACKS } from '../core/core-dialogs';
import type { Capability, HostDeps } from '../../bot/capability';
import { matchChoice } from '../../bot/choices';
import type { DialogState, Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import { baseLanguage, type Language } from '../../bot/people';
import type { KnowledgeDoc } from '../../knowledge/retrieval/docs';
import { createDefaultRetriever } from '../../knowledge/retrieval/default-retriever';
import type { KoreanRetriever } from '../../knowledge/retrieval/korean-retriever';
import type { LlmAnswerer, LlmTurn } from '../../knowledge/retrieval/llm-contract';
import {
  answerLanguage,
  docReply,
  DOC_POSTBACK_PREFIX,
  type KnowledgeAnswer,
} from '../../knowledge/retrieval/offline-answer';
import { answerQuestion } from './answer';
import { listUnanswered, recordUnanswered, sweepUnanswered } from './review-queue';

export const FLOW = 'knowledge';
const STATE_VERSION = 1;
/** The router's fallback: above the 0.5 pass mark, below every real intent. */
export const FALLBACK_SCORE = 0.51;
/** Knowledge turns remembered for follow-up questions. */
const HISTORY_TURNS = 3;
const HISTORY_CHARS = 300;
/** The sweep needs to run far less often than the tick calls runDue. */
const SWEEP_EVERY_MS = 3_600_000;

export interface KnowledgeCapabilityDeps extends HostDeps {
  llm?: LlmAnswerer;
  /** Tests pass fixtures; the host uses knowledge/docs. */
  docsDir?: string;
  retriever?: KoreanRetriever;
}

interface KnowledgeAnswers {
  history: LlmTurn[];
  suggestions: string[];
}

function readAnswers(state: DialogState | null): KnowledgeAnswers {
  if (!state || state.flow !== FLOW) return { history: [], suggestions: [] };
  const history = Array.isArray(state.answers.history)
    ? (state.answers.history as unknown[]).filter(
        (t): t is LlmTurn =>
          typeof (t as LlmTurn)?.question === 'string' && typeof (t as LlmTurn)?.answer === 'string',
      )
    : [];
  const suggestions = Array.isArray(state.answers.suggestions)
    ? (state.answers.suggestions as unknown[]).filter((s): s is string => typeof s === 'string')
    : [];
  return { history, suggestions };
}

const replyText = (answer: KnowledgeAnswer): string =>
  answer.reply.messages
    .map((m) => m.text)
    .join('\n')
    .slice(0, HISTORY_CHARS);

/** Creates the knowledge capability: the router's fallback answer, its review queue and admin list. */
/** Documents about who can join and how: their answers end with the offer to check one's own child. */
const JOINING_DOCS = new Set([
  'eligibility-short',
  'eligibility-history',
  'age-out-24',
  'join-documents',
  'under14-guardian',
  're-verification',
  'how-to-join',
  'join-when',
  'moving-to-seoul',
  'income-in-won',
  'cost-free',
  'ged-lectures',
  'out-of-school-return',
  'foreign-youth-no-rrn',
  'teen-single-parent',
  'care-leavers',
]);

/** The document behind the menu's "서울런 안내" item. */
const ABOUT_DOC_ID = 'seoulrun-overview';

export function createKnowledgeCapability(deps: KnowledgeCapabilityDeps): Capability {
  const retriever = deps.retriever ?? createDefaultRetriever(deps.contacts, deps.docsDir);
  const answerDeps = { texts: deps.texts, contacts: deps.contacts };
  let lastSweep = 0;

  /** The state after an answer: remembered turns only with consent; offered choices always (ids only). */
  function nextState(
    ctx: TurnContext,
    question: string,
    answer: KnowledgeAnswer,
    history: LlmTurn[],
  ): DialogState | null {
    const remembered =
      ctx.mayStoreHistory && question
        ? [...history, { question: question.slice(0, HISTORY_CHARS), answer: replyText(answer) }].slice(
            -HISTORY_TURNS,
          )
        : [];
    if (remembered.length === 0 && answer.suggestions.length === 0) return null;
    return {
      v: STATE_VERSION,
      flow: FLOW,
      step: answer.suggestions.length > 0 ? 'suggested' : 'answered',
      answers: { history: remembered, suggestions: answer.suggestions },
    };
  }

  function showDoc(ctx: TurnContext, doc: KnowledgeDoc): TurnResult {
    const language = ctx.person.language;
    const { history } = readAnswers(ctx.state);
    const reply = docReply(doc, versionTitle(doc, language), answerDeps, baseLanguage(language));
    return inAnotherFlow(ctx, {
      reply,
      state:
        history.length > 0
          ? { v: STATE_VERSION, flow: FLOW, step: 'answered', answers: { history, suggestions: [] } }
          : null,
    });
  }

  const versionTitle = (doc: KnowledgeDoc, language: Language) =>
    (language !== 'ko' && doc.en ? doc.en : doc.ko).title;

  async function answer(ctx: TurnContext): Promise<TurnResult> {
    const question = ctx.input.text.trim();
    const language = answerLanguage(question, ctx.person.language);
    const { history } = readAnswers(ctx.state);
    const result = await answerQuestion({
      question,
      language,
      history: ctx.mayStoreHistory ? history : [],
      budgetMs: deps.llm ? ctx.slowWorkBudgetMs : 0,
      retriever,
      llm: deps.llm,
      deps: answerDeps,
    });
    ctx.log.info(
      {
        event: 'knowledge.answer',
        via: result.via,
        answered: result.answered,
        confidence: Number(result.confidence.toFixed(3)),
        doc: result.topDocId,
      },
      'knowledge answer',
    );
    // Only masked text, no identifiers; never a distress message; nothing before consent.
    if (!result.answered && question && ctx.mayStoreHistory && ctx.risk.level === 'none') {
      const entry = {
        personId: ctx.person.id,
        question,
        language,
        reason: result.via === 'llm' ? ('model_unsure' as const) : ('below_threshold' as const),
        confidence: result.confidence,
        topDocId: result.topDocId,
        at: ctx.now,
      };
      ctx.defer((tx) => recordUnanswered(tx, entry));
    }
    return inAnotherFlow(ctx, {
      reply: withCheckOffer(ctx, question, result.reply, result.answered, result.topDocId),
      state: nextState(ctx, question, result, history),
      ...(result.answered ? {} : { fallback: true as const }),
    });
  }

  /**
   * A question about who can join answered as a rule ("몇 살까지 돼요?", "14세 미만은 뭐가 필요해요?")
   * ends with the offer to check one's own child, unless the check is already under way.
   */
  function withCheckOffer(
    ctx: TurnContext,
    question: string,
    reply: Reply,
    answered: boolean,
    docId: string | undefined,
  ): Reply {
    if (!answered || !question || ctx.state?.flow === 'eligibility') return reply;
    const aboutJoining =
      (docId !== undefined && JOINING_DOCS.has(docId.replace(/\.en$/, ''))) ||
      extractQuestion(question).intent === 'eligibility';
    if (!aboutJoining) return reply;
    const offer = { label: ctx.texts.t('knowledge.offerCheck'), postback: 'eligibility:start' };
    return {
      ...reply,
      quickReplies: [offer, ...reply.quickReplies.filter((q) => q.postback !== offer.postback)],
    };
  }

  /**
   * An answer given while another flow waits (a question in the middle of the eligibility check) is
   * a digression: it keeps no frame of its own, so the engine asks the waiting question again; its
   * "혹시 이 중에…" choices become the engine's one-turn list.
   */
  function inAnotherFlow(ctx: TurnContext, result: TurnResult): TurnResult {
    if (!ctx.state || ctx.state.flow === FLOW) return result;
    const { state, ...rest } = result;
    const offered = readAnswers(state ?? null).suggestions;
    const suggestions = offered
      .map((id) => retriever.get(id))
      .filter((d): d is KnowledgeDoc => d !== undefined)
      .map((doc) => ({
        label: versionTitle(doc, ctx.person.language),
        postback: `${DOC_POSTBACK_PREFIX}${doc.id}`,
      }));
    return suggestions.length > 0 ? { ...rest, suggestions } : rest;
  }

  const docIntent: Intent = {
    name: 'knowledge.doc',
    match: (ctx) => (ctx.input.postback?.startsWith(DOC_POSTBACK_PREFIX) ? 0.9 : 0),
    async handle(ctx) {
      const doc = retriever.get(ctx.input.postback!.slice(DOC_POSTBACK_PREFIX.length));
      return doc ? showDoc(ctx, doc) : answer({ ...ctx, input: { text: '' } });
    },
  };

  // The main menu's "서울런 안내": the overview document, with its source and link.
  const aboutIntent: Intent = {
    name: 'knowledge.about',
    match: (ctx) => (ctx.input.postback === MENU_POSTBACKS.about ? 1 : 0),
    async handle(ctx) {
      const doc = retriever.get(ABOUT_DOC_ID);
      return doc
        ? showDoc(ctx, doc)
        : answer({ ...ctx, input: { text: ctx.texts.t('core.menuItems.about') } });
    },
  };

  const answerIntent: Intent = {
    name: 'knowledge.answer',
    match: (ctx) => (!ctx.input.postback && ctx.input.text.trim().length > 0 ? FALLBACK_SCORE : 0),
    handle: answer,
  };

  const flow: Flow = {
    name: FLOW,
    acceptsVersion: (v) => v === STATE_VERSION,
    async step(ctx) {
      const { suggestions } = readAnswers(ctx.state);
      if (ctx.state?.step !== 'suggested' || suggestions.length === 0) return null;
      const options: (QuickReply & { doc: KnowledgeDoc })[] = suggestions
        .map((id) => retriever.get(id))
        .filter((d): d is KnowledgeDoc => d !== undefined)
        .map((doc) => ({
          doc,
          label: versionTitle(doc, ctx.person.language),
          postback: `${DOC_POSTBACK_PREFIX}${doc.id}`,
        }));
      const chosen = matchChoice(ctx.input, options);
      return chosen ? showDoc(ctx, chosen.doc) : null;
    },
    intents: [aboutIntent, docIntent, answerIntent],
  };

  type AdminRouter = Parameters<NonNullable<Capability['adminRoutes']>>[0];

  return {
    name: 'knowledge',
    flows: [flow],
    async runDue(now) {
      if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
      lastSweep = now.getTime();
      const removed = await sweepUnanswered(deps.db, now, deps.config.retentionDays);
      if (removed > 0)
        deps.log.info({ event: 'knowledge.sweep', removed }, 'old unanswered questions deleted');
    },
    adminRoutes(router: AdminRouter) {
      router.get('/unanswered', async (req, res) => {
        const limitParam = Number(req.query.limit ?? 100);
        const limit = Number.isInteger(limitParam) && limitParam > 0 ? Math.min(limitParam, 500) : 100;
        const beforeParam = typeof req.query.before === 'string' ? new Date(req.query.before) : undefined;
        if (beforeParam && Number.isNaN(beforeParam.getTime())) {
          res.status(400).json({ error: 'before must be an ISO date' });
          return;
        }
        const items = await listUnanswered(deps.db, { limit, before: beforeParam });
        res.json({ items, retentionDays: deps.config.retentionDays });
      });
    },
  };
}
