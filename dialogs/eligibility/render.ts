import { randomInt } from 'node:crypto';
import { seoulDate, seoulParts } from '../../bot/calendar';
import type { Contacts } from '../../bot/contacts';
import type { Queryable } from '../../bot/db/database';
import { CODE_ALPHABET } from '../../bot/link-codes';
import { card, text, type OutboundMessage, type QuickReply } from '../../bot/messages';
import type { Texts } from '../../bot/texts';
import { baseLanguage } from '../../bot/people';
import type { ChildFacts } from '../../knowledge/eligibility/extract';
import type { RuleSet } from '../../knowledge/eligibility/rules';
import type { ApplicantFacts, GroupId, Reason, Verdict } from '../../knowledge/eligibility/types';

/** Sentences in the user's language and voice: `key.parent`/`key.student` first, then `key`. */
export interface Voice {
  texts: Texts;
  audience: 'parent' | 'student';
  t(key: string, params?: Record<string, string | number>): string;
}

/** Builds the voice for one turn. */
export function voiceOf(texts: Texts, audience: 'parent' | 'student'): Voice {
  return {
    texts,
    audience,
    t(key, params) {
      const full = `eligibility.${key}`;
      const voiced = `${full}.${audience}`;
      return texts.t(texts.has(voiced) ? voiced : full, params);
    },
  };
}

/** Groups the site checks automatically online (2023 site code): no papers may be needed. */
const AUTO_CHECKED: GroupId[] = ['basic_livelihood', 'near_poverty', 'single_parent', 'veteran_family'];

/**
 * A short 문의번호 like "EL-7K3Q9M", read aloud to the help centre. It is a reference to a stored
 * verdict, not a secret: nothing is redeemed with it, so it is not a link code (those are burned
 * after wrong tries and hashed, bot/link-codes.ts). It shares their alphabet, so every code the bot
 * shows avoids the same look-alikes (0/O, 1/I/L, U).
 */
export function newInquiryCode(): string {
  let code = '';
  for (let i = 0; i < 6; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `EL-${code}`;
}

/** How a child is described in a multi-child answer ("아이 1 (고2)"). */
export function describeChild(v: Voice, child: ChildFacts): string {
  if (child.schoolYear) return v.t(`grade.${child.schoolYear}`);
  if (child.age !== undefined) return v.t(child.ageExact ? 'ageExact' : 'agePlain', { age: child.age });
  if (child.birthYear !== undefined) return v.t('birthYear', { year: child.birthYear });
  if (child.birthDate) return v.t('birthYear', { year: child.birthDate.slice(0, 4) });
  return v.t('childUnknown');
}

function ruleLine(v: Voice, rules: RuleSet, reason: Reason): string | undefined {
  const rule = rules.rules.find((r) => r.id === reason.ruleId);
  if (!rule) return undefined;
  const name = rule.reason[baseLanguage(v.texts.language)];
  return rule.verification === 'confirmed'
    ? v.t('ruleLine', { rule: name, since: rule.effectiveFrom })
    : v.t('ruleLineAnnounced', { rule: name });
}

/** The "why" lines of a verdict: the deciding rule first, then what stays uncertain. */
function whyLines(v: Voice, rules: RuleSet, verdict: Verdict): string[] {
  const lines: string[] = [];
  const confirmed = verdict.reasons.filter((r) => r.code === 'group_confirmed');
  if (verdict.verdict === 'eligible') {
    for (const r of confirmed.slice(0, 2)) {
      const line = ruleLine(v, rules, r);
      if (line) lines.push(line);
    }
    return lines;
  }
  for (const r of verdict.reasons) {
    if (r.code === 'group_confirmed') {
      const line = ruleLine(v, rules, r);
      if (line) lines.push(line);
      continue;
    }
    if (r.code === 'no_group' && verdict.reasons.some((x) => x.code.startsWith('income_'))) continue;
    const params: Record<string, string | number> = { ...(r.params ?? {}) };
    if (typeof params.group === 'string') params.group = v.t(`group.${params.group}`);
    if (typeof params.line === 'number') params.line = params.line.toLocaleString('en-US');
    lines.push(v.t(`reason.${r.code}`, params));
    if (r.code === 'group_announced' || r.code === 'group_uncertain') {
      const line = ruleLine(v, rules, r);
      if (line) lines.splice(lines.length - 1, 0, line);
    }
  }
  return lines;
}

export interface ChildVerdict {
  child: ChildFacts;
  facts: ApplicantFacts;
  verdict: Verdict;
  code: string;
}

/** The verdict message for one child: first line exactly the verdict, then why, next step and 문의번호. */
export function verdictMessage(
  v: Voice,
  rules: RuleSet,
  contacts: Contacts,
  item: ChildVerdict,
  index: number | null,
): OutboundMessage {
  const lang = v.texts.language;
  const site = contacts.get('site').web ?? '';
  const lines = [v.t(`verdict.${item.verdict.verdict}`), v.t(`verdictSub.${item.verdict.verdict}`)];
  if (index !== null) lines.push(v.t('childLabel', { n: index + 1, desc: describeChild(v, item.child) }));
  lines.push(...whyLines(v, rules, item.verdict));
  lines.push(
    v.t(`next.${item.verdict.verdict}`, {
      site,
      helpCentre: contacts.get('helpCentre').phone ?? contacts.describe('helpCentre', lang),
    }),
  );
  lines.push(v.t('inquiry', { code: item.code }));
  return text(lines.join('\n'));
}

/** Documents, guardian step, how to apply and what happens later — or, for ❌ only, the other ways. */
export function detailsMessage(v: Voice, contacts: Contacts, items: ChildVerdict[]): OutboundMessage {
  const lang = v.texts.language;
  const site = contacts.get('site').web ?? '';
  const anyPossible = items.some((i) => i.verdict.verdict !== 'not_eligible');
  const lines: string[] = [];
  if (anyPossible) {
    const groups = new Set(items.flatMap((i) => i.facts.groups ?? []));
    lines.push(v.t('docs.title'));
    const auto = AUTO_CHECKED.filter((g) => groups.has(g));
    if (auto.length) lines.push(v.t('docs.auto', { groups: auto.map((g) => v.t(`group.${g}`)).join(', ') }));
    if (groups.has('multicultural')) lines.push(v.t('docs.multicultural'));
    if (groups.has('out_of_school')) lines.push(v.t('docs.out_of_school'));
    if (groups.has('defector_youth') || groups.has('defector_child')) lines.push(v.t('docs.defector'));
    if (
      !auto.length &&
      !['multicultural', 'out_of_school', 'defector_youth', 'defector_child'].some((g) =>
        groups.has(g as GroupId),
      )
    )
      lines.push(v.t('docs.other'));
    const ranges = items.filter((i) => i.verdict.verdict !== 'not_eligible').map((i) => i.verdict.ageRange);
    if (ranges.some((r) => r && r[1] < 14)) lines.push(v.t('guardian'));
    else if (ranges.some((r) => !r || r[0] < 14)) lines.push(v.t('guardianMaybe'));
    lines.push(v.t('apply', { site }));
    lines.push(v.t('later.recheck'));
    if (groups.has('out_of_school')) lines.push(v.t('later.outOfSchool'));
    if (items.some((i) => (i.verdict.ageRange?.[1] ?? 0) >= 23)) lines.push(v.t('later.ageOut'));
  }
  const excluded = items.filter((i) => i.verdict.verdict === 'not_eligible');
  if (excluded.length) {
    lines.push(v.t('notEligible.title'));
    const codes = new Set(excluded.flatMap((i) => i.verdict.reasons.map((r) => r.code)));
    if (codes.has('residence_outside')) lines.push(v.t('notEligible.residence'));
    if (codes.has('age_below')) lines.push(v.t('notEligible.ageBelow'));
    if (codes.has('age_above')) lines.push(v.t('notEligible.ageAbove'));
    lines.push(v.t('notEligible.announced', { site }));
    lines.push(v.t('notEligible.dasan', { line: contacts.describe('dasan120', lang) }));
  }
  // Families who say they are multicultural, or who write in another language, can ask in their own.
  const multicultural = items.some((i) => i.facts.groups?.includes('multicultural'));
  if (multicultural || lang !== 'ko') lines.push(v.t('danuri', { line: contacts.describe('danuri', lang) }));
  return text(lines.join('\n'));
}

/** "월요일(11월 30일) 10:00" or "오늘 13:00" for the next opening, in Seoul time. */
export function whenText(v: Voice, opensAt: Date, now: Date): string {
  const p = seoulParts(opensAt);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  if (p.date === seoulDate(now)) return v.t('whenToday', { time });
  return v.t('when', { weekday: v.t(`weekday.${p.weekday}`), month: p.month, day: p.day, time });
}

/** The help card: help centre with its hours (and when it opens if closed now), 120 any time, tap-to-call. */
export function helpCard(v: Voice, contacts: Contacts, now: Date): OutboundMessage {
  const lang = v.texts.language;
  const centre = contacts.get('helpCentre');
  const status = contacts.status('helpCentre', now);
  const described = contacts.describe('helpCentre', lang);
  const first =
    status.open || !status.opensAt
      ? v.t('help.open', { helpCentre: described })
      : v.t('help.closed', { helpCentre: described, when: whenText(v, status.opensAt, now) });
  const dasan = contacts.get('dasan120');
  const body = [first, v.t('help.always', { line: contacts.describe('dasan120', lang) })].join('\n');
  const buttons = [
    ...(centre.phone ? [{ label: v.t('help.call'), phone: centre.phone }] : []),
    ...(dasan.phone ? [{ label: v.t('help.call120'), phone: dasan.phone }] : []),
    ...(contacts.get('site').web
      ? [{ label: v.t('help.site'), url: contacts.get('site').web as string }]
      : []),
  ];
  return card(centre.name[baseLanguage(lang)], body, buttons);
}

/** Quick replies after a verdict. */
export const afterVerdictReplies = (v: Voice): QuickReply[] => [
  { label: v.t('qr.how'), postback: 'eligibility:how' },
  { label: v.t('qr.help'), postback: 'eligibility:help' },
  { label: v.t('qr.restart'), postback: 'eligibility:restart' },
  { label: v.t('option.what'), postback: 'eligibility:what' },
];

/** The stored record: facts in coarse form (no birth date, no exact income), rule-set version, date, verdict. */
export function recordWrite(item: ChildVerdict, createdAt: Date): (tx: Queryable) => Promise<void> {
  const reasons = item.verdict.reasons.map((r) => r.code);
  const incomeBand = reasons.find((c) => c.startsWith('income_')) ?? null;
  const facts = {
    livesInSeoul: item.facts.livesInSeoul ?? null,
    ageRange: item.verdict.ageRange ?? null,
    schoolYear: item.facts.schoolYear ?? null,
    groups: item.facts.groups ?? null,
    householdSize: item.facts.householdSize ?? null,
    income: incomeBand,
    dontKnow: item.facts.dontKnow ?? [],
    rulesUsed: item.verdict.rulesUsed,
  };
  return async (tx) => {
    await tx.query(
      'INSERT INTO eligibility_verdicts (inquiry_code, facts, rule_set_version, check_date, verdict, created_at) VALUES ($1, $2::jsonb, $3, $4::date, $5, $6)',
      [
        item.code,
        JSON.stringify(facts),
        item.verdict.ruleSetVersion,
        item.verdict.date,
        item.verdict.verdict,
        createdAt.toISOString(),
      ],
    );
  };
}
