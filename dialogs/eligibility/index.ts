import { routeQuestion, statedFacts } from '../../knowledge/answers/route-question';
import { frameAsState } from '../../bot/dialog/state';
import type { Capability, HostDeps } from '../../bot/capability';
import { seoulDate } from '../../bot/calendar';
import type { Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import { text, type OutboundMessage } from '../../bot/messages';
import type { Language } from '../../bot/people';
import { evaluate } from '../../knowledge/eligibility/evaluate';
import { extractQuestion, type EligibilityFacts } from '../../knowledge/eligibility/extract';
import { askedMedianIncomeSize } from '../../knowledge/eligibility/median-answer';
import { medianIncomeFile, rulesFile } from '../../knowledge/eligibility/paths';
import { createRuleStore, type RuleStore } from '../../knowledge/eligibility/rules';
import { type FactKey } from '../../knowledge/eligibility/types';
import { medianIncomeText } from './median';
import { question, reply } from './questions';
import {
  afterVerdictReplies,
  detailsMessage,
  describeChild,
  helpCard,
  newInquiryCode,
  recordWrite,
  verdictMessage,
  voiceOf,
  type ChildVerdict,
  type Voice,
} from './render';
import {
  FLOW,
  STATE_VERSION,
  applicantFacts,
  emptyAnswers,
  mergeInto,
  readAnswers,
  stateOf,
  type EligibilityAnswers,
  type Step,
} from './state';
import { answerChoice, isBareChoice, markDontKnow } from './typed-answer';

export interface EligibilityOptions {
  /** A rule store (tests pass their own); default: knowledge/eligibility/rules.yaml. */
  rules?: RuleStore;
}

interface Env {
  deps: HostDeps;
  rules: RuleStore;
}

const DONT_KNOW = /잘\s*모르|모르겠|몰라|모름|not\s*sure|don'?t\s*know|no\s*idea/i;
const WHAT_IS = /이게\s*뭐|뭐예요|뭔가요|뭐에요|무슨\s*뜻|뭐야|what('?s| is) (that|this)|what does .* mean/i;
const NEXT = /^(다음|다음요|다음 단계|next|계속)$/i;
const HOW_TO = /신청\s*방법|가입\s*방법|어떻게\s*(신청|가입)|how to apply|how do i (apply|sign up)/i;
const HELP = /상담\s*(연결|원해|하고)|상담원|전화\s*번호|통화|사람이랑|talk to someone|call/i;

/** "Seoul Run" in English, Vietnamese or Chinese names the programme, not where the family lives. */
const PROGRAMME_NAME = /(?:seoul|首尔)[\s-]*(?:run|learn)/gi;
const withoutProgrammeName = (text: string): string => text.replace(PROGRAMME_NAME, 'slearn');

/** The language of this conversation: the person's, or English when a Korean-set person writes English. */
const languageOf = (ctx: TurnContext, found?: { language: 'ko' | 'en' }): Language =>
  ctx.person.language === 'ko' && found?.language === 'en' ? 'en' : ctx.person.language;

function voice(env: Env, ctx: TurnContext, language: Language): Voice {
  return voiceOf(env.deps.texts[language], ctx.person.audience === 'student' ? 'student' : 'parent');
}

const STEP_OF: Record<FactKey, Step> = {
  residence: 'ask_residence',
  age: 'ask_age',
  groups: 'ask_groups',
  income: 'ask_size',
};

// ---------- the turn ----------

/**
 * Evaluates every child; asks the next useful question, or answers with one verdict per child.
 * `update`: a verdict was already given and one fact changed; the parent gets the new verdict
 * alone, with the documents and next steps only when a verdict changed (the help card and the
 * steps they already have stay behind the quick replies).
 */
function advance(
  env: Env,
  ctx: TurnContext,
  answers: EligibilityAnswers,
  lead: OutboundMessage[] = [],
  update = false,
): TurnResult {
  const v = voice(env, ctx, answers.language);
  const rules = env.rules.current();
  const date = seoulDate(ctx.now);
  const evaluated = answers.children.map((_, i) => {
    const facts = applicantFacts(answers, i);
    return { facts, i, verdict: evaluate(rules, facts, date) };
  });

  const asking = evaluated.find((e) => e.verdict.nextQuestion);
  if (asking?.verdict.nextQuestion) {
    const key = asking.verdict.nextQuestion;
    answers.childIndex = key === 'age' ? asking.i : answers.childIndex;
    let step = STEP_OF[key];
    if (step === 'ask_size' && answers.household.householdSize !== undefined) step = 'ask_income';
    const q = question(v, step, answers, incomeHint(env, v, answers, step, date));
    return { reply: reply([...lead, ...q.messages], q.quickReplies), state: stateOf(step, answers) };
  }

  const items: ChildVerdict[] = evaluated.map((e) => ({
    child: answers.children[e.i] ?? {},
    facts: e.facts,
    verdict: e.verdict,
    code: newInquiryCode(),
  }));
  for (const item of items) ctx.defer(recordWrite(item, ctx.now));
  ctx.log.info(
    {
      event: 'eligibility.verdict',
      verdicts: items.map((i) => i.verdict.verdict),
      ruleSet: rules.version,
      codes: items.map((i) => i.code),
    },
    'eligibility verdict',
  );
  const several = items.length > 1;
  const verdicts = items.map((i) => i.verdict.verdict);
  const verdictsChanged = verdicts.join() !== (answers.verdicts ?? []).join();
  const messages: OutboundMessage[] = [
    ...lead,
    ...items.map((item, n) => verdictMessage(v, rules, env.deps.contacts, item, several ? n : null)),
    ...(update && !verdictsChanged ? [] : [detailsMessage(v, env.deps.contacts, items)]),
    ...(update ? [] : [helpCard(v, env.deps.contacts, ctx.now)]),
  ];
  return {
    reply: reply(messages, afterVerdictReplies(v)),
    state: stateOf('answered', { ...answers, walk: undefined, verdicts }),
  };
}

/** Under the income question: the median-income lines for the household size given, to compare with. */
function incomeHint(
  env: Env,
  v: Voice,
  answers: EligibilityAnswers,
  step: Step,
  date: string,
): string | undefined {
  const size = answers.household.householdSize;
  return step === 'ask_income' && size !== undefined
    ? medianIncomeText(v, env.rules.current(), size, date)
    : undefined;
}

function explain(env: Env, ctx: TurnContext, answers: EligibilityAnswers, step: Step): TurnResult {
  const v = voice(env, ctx, answers.language);
  if (step === 'answered' || step === 'walkthrough')
    return { reply: reply([text(v.t('explain'))], afterVerdictReplies(v)), state: stateOf(step, answers) };
  const q = question(v, step, answers);
  return {
    reply: reply([text(v.t('explain')), ...q.messages], q.quickReplies),
    state: stateOf(step, answers),
  };
}

function walkthrough(env: Env, ctx: TurnContext, answers: EligibilityAnswers, position: number): TurnResult {
  const v = voice(env, ctx, answers.language);
  const site = env.deps.contacts.get('site').web ?? '';
  if (position > 3) {
    return {
      reply: reply([text(v.t('walk.done')), helpCard(v, env.deps.contacts, ctx.now)], afterVerdictReplies(v)),
      state: stateOf('answered', { ...answers, walk: undefined }),
    };
  }
  return {
    reply: reply(
      [text(`${v.t(`walk.${position}`, { site })}\n${v.t('walk.nextHint')}`)],
      [
        { label: v.t('qr.next'), postback: 'eligibility:next' },
        { label: v.t('qr.help'), postback: 'eligibility:help' },
      ],
    ),
    state: stateOf('walkthrough', { ...answers, walk: position }),
  };
}

/** The median-income lines for the size asked about; inside the check, the open question follows. */
function medianAnswer(env: Env, ctx: TurnContext, language: Language, size: number, step?: Step): TurnResult {
  const v = voice(env, ctx, language);
  const lines = text(medianIncomeText(v, env.rules.current(), size, seoulDate(ctx.now)));
  if (step && step.startsWith('ask_')) {
    const answers = readAnswers(ctx.state, language);
    const q = question(v, step, answers);
    return { reply: reply([lines, ...q.messages], q.quickReplies), state: stateOf(step, answers) };
  }
  const offer = { label: ctx.texts.t('knowledge.offerCheck'), postback: 'eligibility:start' };
  return { reply: reply([lines], [offer]), state: null };
}

/** Whether the question on screen is still open in `answers`. */
function stillOpen(answers: EligibilityAnswers, step: Step): boolean {
  const h = answers.household;
  const child = answers.children[answers.childIndex] ?? {};
  if (step === 'ask_residence') return h.livesInSeoul === undefined;
  if (step === 'ask_age')
    return child.age === undefined && !child.schoolYear && child.birthYear === undefined && !child.birthDate;
  if (step === 'ask_groups') return h.groups === undefined && !child.groups?.length;
  if (step === 'ask_size') return h.householdSize === undefined;
  if (step === 'ask_income') return h.monthlyIncome === undefined;
  return false;
}

/** "알겠어요, 고쳤어요: 만 6세" when a message changed the age of a child whose age was known. */
function correctionLead(
  v: Voice,
  before: EligibilityAnswers,
  after: EligibilityAnswers,
  changedAge: boolean,
  child: number | undefined,
): OutboundMessage[] {
  const i = child ?? after.childIndex;
  const was = before.children[i];
  const hadAge =
    !!was && (was.age !== undefined || !!was.schoolYear || was.birthYear !== undefined || !!was.birthDate);
  return changedAge && hadAge
    ? [text(v.t('corrected', { what: describeChild(v, after.children[i] ?? {}) }))]
    : [];
}

/**
 * A typed message while a question is open: every fact it states is merged (several at once, a
 * correction on the child it names), then the question on screen is tried as a typed choice.
 */
function takeTyped(
  env: Env,
  ctx: TurnContext,
  answers: EligibilityAnswers,
  current: Step,
): TurnResult | null {
  const v = voice(env, ctx, answers.language);
  const typed = ctx.input.text.trim();
  if (isBareChoice(typed)) return answerChoice(v, ctx, answers, current) ? advance(env, ctx, answers) : null;
  const merged = mergeInto(answers, statedFacts(withoutProgrammeName(typed)), current === 'ask_groups');
  const next = merged.answers;
  const chose = stillOpen(next, current) && answerChoice(v, ctx, next, current);
  if (!merged.changedAny && !chose) return null;
  return advance(env, ctx, next, correctionLead(v, answers, next, merged.changedAge, merged.childChanged));
}

async function step(env: Env, ctx: TurnContext): Promise<TurnResult | null> {
  const state = ctx.state;
  if (!state || state.flow !== FLOW) return null;
  const pb = ctx.input.postback;
  if (pb && !pb.startsWith('eligibility:')) return null;
  const answers = readAnswers(state, languageOf(ctx));
  const current = state.step as Step;
  const v = voice(env, ctx, answers.language);
  const typed = ctx.input.text.trim();

  if (pb === 'eligibility:restart') return advance(env, ctx, emptyAnswers(answers.language));
  if (pb === 'eligibility:what' || (!pb && WHAT_IS.test(typed))) return explain(env, ctx, answers, current);
  if (pb === 'eligibility:help' || (!pb && current !== 'ask_income' && HELP.test(typed)))
    return {
      reply: reply([helpCard(v, env.deps.contacts, ctx.now)], afterVerdictReplies(v)),
      state: stateOf(current, answers),
    };
  if (pb === 'eligibility:how' || (!pb && HOW_TO.test(typed))) return walkthrough(env, ctx, answers, 1);
  if (current === 'walkthrough' && (pb === 'eligibility:next' || NEXT.test(typed)))
    return walkthrough(env, ctx, answers, (answers.walk ?? 1) + 1);
  const askedSize = pb ? undefined : askedMedianIncomeSize(typed);
  if (askedSize !== undefined) return medianAnswer(env, ctx, answers.language, askedSize, current);

  if (current.startsWith('ask_')) {
    if (pb === 'eligibility:dontknow' || (!pb && DONT_KNOW.test(typed))) {
      markDontKnow(answers, current);
      return advance(env, ctx, answers);
    }
    if (pb) {
      answerChoice(v, ctx, answers, current);
      return advance(env, ctx, answers);
    }
    // "서울런 4050 …" mentions 서울 but is a different programme, not an answer to "서울에 살아요?".
    if (extractQuestion(typed).intent === 'seoulrun4050') return fourFifty(env, ctx, answers.language);
    // Not an answer: the engine answers it as a digression (and asks this question again) or, for a
    // miss, says so and asks again, offering a way out the third time.
    return takeTyped(env, ctx, answers, current);
  }

  // After a verdict: a correction ("아, 고1이에요") re-answers; a new question goes to the intents.
  if (!pb && typed) {
    const found = extractQuestion(typed);
    // Only a message about one's own family corrects the verdict ("부산 날씨 어때요?" is no move to Busan).
    const aboutOwn = typed.length <= 20 || routeQuestion(typed).kind === 'check';
    if (hasFacts(found) && found.score < 0.9 && aboutOwn) {
      const merged = mergeInto(answers, statedFacts(typed), false);
      if (merged.changedAny)
        return advance(
          env,
          ctx,
          merged.answers,
          correctionLead(v, answers, merged.answers, merged.changedAge, merged.childChanged),
          true,
        );
    }
  }
  return null;
}

const hasFacts = (found: EligibilityFacts): boolean =>
  found.groups.length > 0 ||
  found.notGroups.length > 0 ||
  found.livesInSeoul !== undefined ||
  found.children.some((c) => Object.keys(c).length > 0) ||
  found.monthlyIncome !== undefined ||
  found.householdSize !== undefined;

function fourFifty(env: Env, ctx: TurnContext, language: Language): TurnResult {
  const v = voice(env, ctx, language);
  return {
    reply: reply([text(v.t('p4050', { line: env.deps.contacts.describe('dasan120', language) }))]),
    state: null,
  };
}

/** A check asked for in a message that already gives facts: only what is still open is asked. */
function startFromQuestion(env: Env, ctx: TurnContext): TurnResult {
  const found = extractQuestion(ctx.input.text);
  const language = languageOf(ctx, found);
  if (found.intent === 'seoulrun4050') return fourFifty(env, ctx, language);
  const typed = withoutProgrammeName(ctx.input.text);
  const facts = routeQuestion(typed).facts ?? extractQuestion(typed);
  return advance(env, ctx, mergeInto(emptyAnswers(language), facts, false).answers);
}

/** Creates the eligibility capability: one flow, `eligibility`, and the intent that starts it. */
export function createEligibilityCapability(deps: HostDeps, options: EligibilityOptions = {}): Capability {
  const env: Env = { deps, rules: options.rules ?? createRuleStore(rulesFile(), medianIncomeFile()) };
  const intent: Intent = {
    name: 'eligibility.question',
    match(ctx) {
      if (ctx.input.postback === 'eligibility:start') return 1;
      if (ctx.input.postback) return 0;
      // Inside the check its step already took any facts; what is left is a question for the answers.
      if (ctx.state?.flow === FLOW) return 0;
      if (extractQuestion(ctx.input.text).intent === 'seoulrun4050') return 1;
      // "4인가구면 소득 얼마 이하여야 돼요?": the figure from the table, then the offer to check.
      if (askedMedianIncomeSize(ctx.input.text) !== undefined) return 0.8;
      // Only a request to check one's own child starts the check (with the facts it gives). A question
      // about a rule ("몇 살까지 돼요?") goes to the answers, which offer the check.
      return routeQuestion(ctx.input.text).kind === 'check';
    },
    async handle(ctx) {
      if (ctx.input.postback === 'eligibility:start') return advance(env, ctx, emptyAnswers(languageOf(ctx)));
      const size = askedMedianIncomeSize(ctx.input.text);
      if (size !== undefined && routeQuestion(ctx.input.text).kind !== 'check')
        return medianAnswer(env, ctx, languageOf(ctx), size);
      return startFromQuestion(env, ctx);
    },
  };
  const flow: Flow = {
    name: FLOW,
    acceptsVersion: (v) => v === STATE_VERSION,
    step: (ctx) => step(env, ctx),
    ask(ctx, frame) {
      if (!frame.step.startsWith('ask_')) return null;
      const answers = readAnswers(frameAsState(frame), languageOf(ctx));
      return question(voice(env, ctx, answers.language), frame.step as Step, answers);
    },
    intents: [intent],
  };
  return {
    name: 'eligibility',
    retentionSweeps: ['DELETE FROM eligibility_verdicts WHERE created_at < $1'],
    flows: [flow],
    adminRoutes(router) {
      // Operators reload the rules after editing the file; a broken file is refused with the reason.
      router.post('/eligibility/rules/reload', (_req, res) => {
        const result = env.rules.reload();
        deps.log.info({ event: 'eligibility.rules.reload', ok: result.ok }, 'eligibility rules reload');
        res.status(result.ok ? 200 : 422).json(result);
      });
      router.get('/eligibility/rules', (_req, res) => {
        const set = env.rules.current();
        res.json({
          version: set.version,
          rules: set.rules.map((r) => ({
            id: r.id,
            kind: r.kind,
            effectiveFrom: r.effectiveFrom,
            ended: r.ended,
            verification: r.verification,
          })),
        });
      });
    },
  };
}
