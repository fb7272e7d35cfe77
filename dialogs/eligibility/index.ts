import { routeQuestion } from '../../knowledge/answers/route-question';
import { frameAsState } from '../../bot/dialog/state';
import {
  isSeoulResidence,
  matchOption,
  parseAgeGrade,
  parseCount,
  parseMoney,
  parseYesNo,
} from '../../bot/dialog/parsers';
import type { Capability, HostDeps } from '../../bot/capability';
import { seoulDate } from '../../bot/calendar';
import type { Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import { text, type OutboundMessage, type QuickReply } from '../../bot/messages';
import { evaluate } from '../../knowledge/eligibility/evaluate';
import { extractQuestion, type ExtractedQuestion } from '../../knowledge/eligibility/extract';
import { medianIncomeFile, rulesFile } from '../../knowledge/eligibility/paths';
import { createRuleStore, type RuleStore } from '../../knowledge/eligibility/rules';
import { type FactKey, type GroupId, type SchoolYear } from '../../knowledge/eligibility/types';
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
  mergeExtracted,
  readAnswers,
  stateOf,
  type EligibilityAnswers,
  type Step,
} from './state';

export interface EligibilityOptions {
  /** A rule store (tests pass their own); default: knowledge/eligibility/rules.yaml. */
  rules?: RuleStore;
}

interface Env {
  deps: HostDeps;
  rules: RuleStore;
}

/** The groups in the order they are listed (and numbered for typed answers). */
const ORDER: GroupId[] = [
  'basic_livelihood',
  'near_poverty',
  'single_parent',
  'multicultural',
  'defector_youth',
  'defector_child',
  'veteran_family',
  'out_of_school',
  'young_carer',
  'health_disability',
  'welfare_facility_outside_seoul',
  'multi_child',
  'local_childrens_centre',
  'veteran_grandchild',
  'care_leaver',
];

const DONT_KNOW = /잘\s*모르|모르겠|몰라|모름|not\s*sure|don'?t\s*know|no\s*idea/i;
const WHAT_IS = /이게\s*뭐|뭐예요|뭔가요|뭐에요|무슨\s*뜻|뭐야|what('?s| is) (that|this)|what does .* mean/i;
const NEXT = /^(다음|다음요|다음 단계|next|계속)$/i;
const HOW_TO = /신청\s*방법|가입\s*방법|어떻게\s*(신청|가입)|how to apply|how do i (apply|sign up)/i;
const HELP = /상담\s*(연결|원해|하고)|전화\s*번호|사람이랑|talk to someone|call/i;
const NONE = /해당\s*없|없어요|없습니다|없음|none|^no$/i;

/** The language of this conversation: the person's, or English when they write English. */
const languageOf = (ctx: TurnContext, found?: ExtractedQuestion): 'ko' | 'en' =>
  ctx.person.language === 'en' || found?.language === 'en' ? 'en' : 'ko';

function voice(env: Env, ctx: TurnContext, language: 'ko' | 'en'): Voice {
  return voiceOf(env.deps.texts[language], ctx.person.audience === 'student' ? 'student' : 'parent');
}

const reply = (messages: OutboundMessage[], quickReplies: QuickReply[] = []) => ({ messages, quickReplies });

// ---------- questions ----------

function ageOptions(v: Voice): { label: string; postback: string; year: SchoolYear | null }[] {
  return [
    ...(['e', 'm', 'h', 'kindergarten', 'university'] as const).map((y) => ({
      label: v.t(`option.${y}`),
      postback: `eligibility:age:${y}`,
      year: y as SchoolYear,
    })),
    { label: v.t('option.dontKnow'), postback: 'eligibility:age:unknown', year: null },
  ];
}

/** A grade or an age typed for "which school": 중2 → 중학생, 16살 → 고등학생 (Korean school ages). */
function schoolLevelOf<T extends { year: SchoolYear | null }>(opts: T[], typed: string): T | undefined {
  const found = typed ? parseAgeGrade(typed) : null;
  if (!found) return undefined;
  const level = found.grade?.[0];
  const byLevel: Record<string, SchoolYear> = { 초: 'e', 중: 'm', 고: 'h' };
  let year: SchoolYear | undefined = level ? byLevel[level] : undefined;
  if (!year && found.age !== undefined) {
    const man = found.ageKind === 'korean' ? found.age - 1 : found.age;
    year = man < 7 ? 'kindergarten' : man < 13 ? 'e' : man < 16 ? 'm' : man < 19 ? 'h' : 'university';
  }
  return year ? opts.find((o) => o.year === year) : undefined;
}

function sizeOptions(v: Voice): { label: string; postback: string; size: number }[] {
  return [2, 3, 4, 5].map((n) => ({
    label: v.t(`option.size${n}`),
    postback: `eligibility:size:${n}`,
    size: n,
  }));
}

const common = (v: Voice): QuickReply[] => [
  { label: v.t('option.dontKnow'), postback: 'eligibility:dontknow' },
  { label: v.t('option.what'), postback: 'eligibility:what' },
];

/** The question for `step`, with quick replies and the typed fallback in the text. */
function question(
  v: Voice,
  step: Step,
  answers: EligibilityAnswers,
): { messages: OutboundMessage[]; quickReplies: QuickReply[] } {
  switch (step) {
    case 'ask_residence':
      return reply(
        [text(v.t('ask.residence'))],
        [
          { label: v.t('option.yes'), postback: 'eligibility:res:yes' },
          { label: v.t('option.no'), postback: 'eligibility:res:no' },
          ...common(v),
        ],
      );
    case 'ask_age': {
      const opts = ageOptions(v);
      const child = answers.children[answers.childIndex];
      const several = answers.children.length > 1;
      const ask =
        child && (child.schoolYear || child.birthYear !== undefined)
          ? v.t('ask.ageMore')
          : several
            ? v.t('ask.ageChild', {
                label: v.t('childLabel', { n: answers.childIndex + 1, desc: describeChild(v, child ?? {}) }),
              })
            : v.t('ask.age');
      return reply(
        [text(`${ask}\n${opts.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}\n${v.t('ask.typeHint')}`)],
        [
          ...opts.map(({ label, postback }) => ({ label, postback })),
          { label: v.t('option.what'), postback: 'eligibility:what' },
        ],
      );
    }
    case 'ask_groups': {
      const list = ORDER.map((g, i) => `${i + 1}. ${v.t(`group.${g}`)}`).join('\n');
      return reply(
        [
          text(
            `${v.t('ask.groups')}\n${list}\n${ORDER.length + 1}. ${v.t('option.none')}\n${v.t('ask.typeHint')}`,
          ),
        ],
        [
          ...ORDER.slice(0, 5).map((g) => ({ label: v.t(`group.${g}`), postback: `eligibility:grp:${g}` })),
          ...(['out_of_school'] as const).map((g) => ({
            label: v.t(`group.${g}`),
            postback: `eligibility:grp:${g}`,
          })),
          { label: v.t('option.none'), postback: 'eligibility:grp:none' },
          ...common(v),
        ],
      );
    }
    case 'ask_size': {
      const opts = sizeOptions(v);
      return reply(
        [text(`${v.t('ask.size')}\n${opts.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`)],
        [...opts.map(({ label, postback }) => ({ label, postback })), ...common(v)],
      );
    }
    case 'ask_income':
      return reply([text(v.t('ask.income'))], common(v));
    default:
      return reply([]);
  }
}

const STEP_OF: Record<FactKey, Step> = {
  residence: 'ask_residence',
  age: 'ask_age',
  groups: 'ask_groups',
  income: 'ask_size',
};

// ---------- the turn ----------

/** Evaluates every child; asks the next useful question, or answers with one verdict per child. */
function advance(
  env: Env,
  ctx: TurnContext,
  answers: EligibilityAnswers,
  lead: OutboundMessage[] = [],
): TurnResult {
  const v = voice(env, ctx, answers.language);
  const rules = env.rules.current();
  const date = seoulDate(ctx.now);
  const verdicts = answers.children.map((_, i) => ({ facts: applicantFacts(answers, i), i }));
  const evaluated = verdicts.map(({ facts, i }) => ({ facts, i, verdict: evaluate(rules, facts, date) }));

  const asking = evaluated.find((e) => e.verdict.nextQuestion);
  if (asking?.verdict.nextQuestion) {
    const key = asking.verdict.nextQuestion;
    answers.childIndex = key === 'age' ? asking.i : answers.childIndex;
    let step = STEP_OF[key];
    if (step === 'ask_size' && answers.household.householdSize !== undefined) step = 'ask_income';
    const q = question(v, step, answers);
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
  const messages: OutboundMessage[] = [
    ...lead,
    ...items.map((item, n) => verdictMessage(v, rules, env.deps.contacts, item, several ? n : null)),
    detailsMessage(v, env.deps.contacts, items),
    helpCard(v, env.deps.contacts, ctx.now),
  ];
  return {
    reply: reply(messages, afterVerdictReplies(v)),
    state: stateOf('answered', { ...answers, walk: undefined }),
  };
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

function markDontKnow(answers: EligibilityAnswers, step: Step): void {
  const key: FactKey | null =
    step === 'ask_residence'
      ? 'residence'
      : step === 'ask_age'
        ? 'age'
        : step === 'ask_groups'
          ? 'groups'
          : step === 'ask_size' || step === 'ask_income'
            ? 'income'
            : null;
  if (key && !answers.dontKnow.includes(key)) answers.dontKnow.push(key);
}

/** A typed or tapped answer to the question on screen; null when it is not one. */
function answerChoice(v: Voice, ctx: TurnContext, answers: EligibilityAnswers, step: Step): boolean {
  const pb = ctx.input.postback ?? '';
  const typed = ctx.input.text.trim();
  const number = /^(\d{1,2})(?:\s*(번))?$/.exec(typed);
  const norm = (s: string) => s.replace(/[\s.,!?~()]/g, '').toLowerCase();
  if (step === 'ask_residence') {
    // A district ("송파 살아요") or a city outside Seoul answers it; then a plain yes or no.
    const residence = typed
      ? (isSeoulResidence(typed) ?? parseYesNo(typed, { question: v.t('ask.residence') }))
      : null;
    if (
      pb === 'eligibility:res:yes' ||
      number?.[1] === '1' ||
      residence === 'yes' ||
      norm(typed) === norm(v.t('option.yes'))
    )
      return ((answers.household.livesInSeoul = true), true);
    if (pb === 'eligibility:res:no' || number?.[1] === '2' || residence === 'no')
      return ((answers.household.livesInSeoul = false), true);
    return false;
  }
  if (step === 'ask_age') {
    const opts = ageOptions(v);
    const picked = pb
      ? -1
      : matchOption(
          typed,
          opts.map((o) => o.label),
        );
    const chosen =
      opts.find((o) => o.postback === pb) ??
      (picked !== null && picked >= 0 ? opts[picked] : undefined) ??
      schoolLevelOf(opts, typed);
    if (!chosen) return false;
    const i = answers.childIndex;
    if (chosen.year === null) markDontKnow(answers, step);
    else
      answers.children[i] = {
        ...(answers.children[i]?.groups ? { groups: answers.children[i]?.groups } : {}),
        schoolYear: chosen.year,
      };
    return true;
  }
  if (step === 'ask_groups') {
    if (
      pb === 'eligibility:grp:none' ||
      NONE.test(typed) ||
      (number && Number(number[1]) === ORDER.length + 1)
    )
      return ((answers.household.groups = answers.household.groups ?? []), true);
    const fromPostback = pb.startsWith('eligibility:grp:')
      ? (pb.slice('eligibility:grp:'.length) as GroupId)
      : null;
    const numbers = /^[\d\s,번와과및and]+$/.test(typed)
      ? [...typed.matchAll(/\d{1,2}/g)].map((m) => Number(m[0]))
      : [];
    const picked = [
      ...(fromPostback && ORDER.includes(fromPostback) ? [fromPostback] : []),
      ...numbers.map((n) => ORDER[n - 1]).filter((g): g is GroupId => g !== undefined),
      ...ORDER.filter((g) => norm(typed) !== '' && norm(v.t(`group.${g}`)) === norm(typed)),
    ];
    if (!picked.length) return false;
    addGroups(answers, picked);
    return true;
  }
  if (step === 'ask_size') {
    const chosen = sizeOptions(v).find((o) => o.postback === pb);
    // "4" is a household of four, never option 4: a bare number here is the value itself.
    const count = chosen ? chosen.size : typed ? parseCount(typed, { subject: 'household', max: 20 }) : null;
    if (count === null || count < 1) return false;
    answers.household.householdSize = count;
    return true;
  }
  if (step === 'ask_income') {
    const money = typed ? parseMoney(typed) : null;
    if (money) return ((answers.household.monthlyIncome = money.monthlyWon), true);
    // A bare "300" to "한 달 소득은 얼마인가요? (예: 300만원)" means 만원.
    const bare = /^(\d{2,4})$/.exec(typed.replace(/[\s,]/g, ''));
    if (bare) return ((answers.household.monthlyIncome = Number(bare[1]) * 10_000), true);
    return false;
  }
  return false;
}

function addGroups(answers: EligibilityAnswers, groups: GroupId[]): void {
  const personal = new Set<GroupId>([
    'out_of_school',
    'health_disability',
    'young_carer',
    'defector_youth',
    'welfare_facility_outside_seoul',
    'care_leaver',
    'local_childrens_centre',
  ]);
  const household = groups.filter((g) => !personal.has(g));
  answers.household.groups = [...new Set([...(answers.household.groups ?? []), ...household])];
  const own = groups.filter((g) => personal.has(g));
  if (own.length) {
    const i = answers.childIndex;
    const child = answers.children[i] ?? {};
    answers.children[i] = { ...child, groups: [...new Set([...(child.groups ?? []), ...own])] };
  }
}

function fourFifty(env: Env, ctx: TurnContext, language: 'ko' | 'en'): TurnResult {
  const v = voice(env, ctx, language);
  return {
    reply: reply([text(v.t('p4050', { line: env.deps.contacts.describe('dasan120', language) }))]),
    state: null,
  };
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

  if (current.startsWith('ask_')) {
    if (pb === 'eligibility:dontknow' || (!pb && DONT_KNOW.test(typed))) {
      markDontKnow(answers, current);
      return advance(env, ctx, answers);
    }
    // "서울런 4050 …" mentions 서울 but is a different programme, not an answer to "서울에 살아요?".
    const found = extractQuestion(typed);
    if (!pb && found.intent === 'seoulrun4050') return fourFifty(env, ctx, answers.language);
    if (answerChoice(v, ctx, answers, current)) return advance(env, ctx, answers);
    if (pb) return advance(env, ctx, answers);
    const before = JSON.stringify(answers);
    const merged = mergeExtracted(answers, found);
    if (merged.changedAny) {
      const hadAge = before.includes('"schoolYear"') || before.includes('"age"') || before.includes('"birth');
      const lead =
        merged.changedAge && hadAge
          ? [text(v.t('corrected', { what: describeChild(v, answers.children[answers.childIndex] ?? {}) }))]
          : [];
      return advance(env, ctx, answers, lead);
    }
    // Not an answer: the engine answers it as a digression (and asks this question again) or, for a
    // miss, says so and asks again, offering a way out the third time.
    return null;
  }

  // After a verdict: a correction ("아, 고1이에요") re-answers; a new question goes to the intents.
  if (!pb && typed) {
    const found = extractQuestion(typed);
    const hasFacts =
      found.groups.length > 0 ||
      found.livesInSeoul !== undefined ||
      found.children.some((c) => Object.keys(c).length > 0) ||
      found.monthlyIncome !== undefined;
    if (hasFacts && found.score < 0.9) {
      const merged = mergeExtracted(answers, found);
      if (merged.changedAny)
        return advance(
          env,
          ctx,
          answers,
          merged.changedAge
            ? [text(v.t('corrected', { what: describeChild(v, answers.children[answers.childIndex] ?? {}) }))]
            : [],
        );
    }
  }
  return null;
}

function startFromQuestion(env: Env, ctx: TurnContext): TurnResult {
  const found = extractQuestion(ctx.input.text);
  const language = languageOf(ctx, found);
  if (found.intent === 'seoulrun4050') return fourFifty(env, ctx, language);
  const answers = emptyAnswers(language);
  mergeExtracted(answers, found);
  if (found.children.length >= 2) answers.children = found.children.map((c) => ({ ...c }));
  return advance(env, ctx, answers);
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
      const found = extractQuestion(ctx.input.text);
      if (found.intent === 'other') return 0;
      // 서울런 4050 has its own answer; otherwise only a request to check one's own child starts the
      // check. A question about a rule ("몇 살까지 돼요?") goes to the answers, which offer the check.
      return found.intent === 'seoulrun4050' || routeQuestion(ctx.input.text).kind === 'check';
    },
    async handle(ctx) {
      if (ctx.input.postback === 'eligibility:start') return advance(env, ctx, emptyAnswers(languageOf(ctx)));
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
