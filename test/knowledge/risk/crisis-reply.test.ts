import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadContacts } from '../../../bot/contacts';
import type { CardMessage, Reply } from '../../../bot/messages';
import { HARM_KINDS, type CrisisReplyFacts, type HarmKind, type RiskAssessment } from '../../../bot/risk';
import { loadTexts } from '../../../bot/texts-loader';
import { concernReplyTexts, createCrisisReplyBuilder } from '../../../knowledge/risk/crisis-reply';
import { HARM_LINES } from '../../../knowledge/risk/evaluate';

const root = join(__dirname, '..', '..', '..');
const contacts = loadContacts(join(root, 'knowledge', 'contacts.yaml'));
const texts = loadTexts(join(root, 'knowledge', 'texts'));
const build = createCrisisReplyBuilder(contacts, texts);

const student: CrisisReplyFacts = { speaker: 'student', language: 'ko', personOnDuty: true };
const parent: CrisisReplyFacts = { ...student, speaker: 'parent' };
const high: RiskAssessment = { level: 'high', signals: ['direct.die-want'] };
const now: RiskAssessment = { level: 'high', signals: ['now.pills'], inProgress: true };
const harmOf = (kind: HarmKind): RiskAssessment => ({ level: 'harm_by_others', signals: [], harm: kind });

const allText = (reply: Reply): string =>
  reply.messages
    .map((m) =>
      m.type === 'text' ? m.text : `${m.title}\n${m.text}\n${m.buttons.map((b) => b.label).join(' ')}`,
    )
    .join('\n');
const firstText = (reply: Reply): string =>
  reply.messages[0]?.type === 'text' ? reply.messages[0].text : '';
const firstLine = (reply: Reply): string => firstText(reply).split('\n')[0] ?? '';
const phones = (reply: Reply): string[] =>
  (reply.messages.find((m): m is CardMessage => m.type === 'card')?.buttons ?? []).map((b) => b.phone ?? '');
const has = (body: string, number: string): boolean =>
  new RegExp(`(^|[^0-9-])${number}([^0-9-]|$)`).test(body);

describe('crisis reply: self', () => {
  it('puts 109 on the first line, 1388, 112 and 119 in the text, three call buttons', () => {
    const reply = build(high, student);
    expect(firstLine(reply)).toContain('109');
    for (const n of ['109', '1388', '112', '119', '마들랜', '@cyber1388'])
      expect(firstText(reply)).toContain(n);
    expect(phones(reply)).toEqual(['109', '1388', '112']);
  });

  it('is honest about people: on duty, later, unknown', () => {
    expect(firstText(build(high, student))).toContain('선생님께 바로 알렸어요');
    const later = firstText(build(high, { ...student, personOnDuty: false, nextPersonAt: '내일 오전 10시' }));
    expect(later).not.toContain('바로 알렸어요');
    expect(later).toContain('내일 오전 10시');
    const unknown = firstText(build(high, { ...student, personOnDuty: false }));
    expect(unknown).toContain('24시간');
    expect(unknown).not.toContain('바로 알렸어요');
  });

  it('adds the subtype lines when someone also hurts them', () => {
    const body = firstText(build({ ...high, harm: 'home' }, student));
    for (const n of ['109', '112', '1366', '1388']) expect(has(body, n)).toBe(true);
  });
});

describe('crisis reply: in progress', () => {
  it('leads with 119 and 112, then asks whether they are safe and near an adult', () => {
    const reply = build(now, student);
    expect(firstLine(reply)).toMatch(/119.*112/);
    expect(firstText(reply)).toContain('지금 안전한 곳이야? 근처에 어른이 있어?');
    expect(phones(reply)[0]).toBe('119');
  });

  it('has a parent variant that also leads with 119', () => {
    const reply = build({ ...now, relayed: true }, parent);
    expect(firstLine(reply)).toContain('119');
    expect(firstText(reply)).not.toContain('근처에 어른이 있어?');
  });
});

describe('crisis reply: harm by others, by subtype', () => {
  it.each(HARM_KINDS.map((k) => [k]))('%s carries its own lines', (kind) => {
    const body = allText(build(harmOf(kind), student));
    for (const number of HARM_LINES[kind]) expect(has(body, number)).toBe(true);
  });

  it('school violence and cyberbullying lead with 117, not with violence at home', () => {
    for (const kind of ['school', 'cyber'] as const) {
      const reply = build(harmOf(kind), student);
      expect(phones(reply)[0]).toBe('117');
      expect(firstText(reply)).not.toContain('1366');
    }
  });

  it('a friend in danger: 112/119 now, 109 to pass on, tell an adult', () => {
    const body = firstText(build(harmOf('friend'), student));
    expect(firstLine(build(harmOf('friend'), student))).toMatch(/112.*119/);
    expect(body).toContain('109');
    expect(body).toContain('어른');
  });

  it('parents get the adult lines for the subtype', () => {
    const body = firstText(build(harmOf('school'), parent));
    expect(firstLine(build(harmOf('school'), parent))).toContain('112');
    expect(body).toContain('117');
  });
});

describe('crisis reply: languages', () => {
  it.each([['en'], ['vi'], ['zh']] as const)('%s has 109, 1388 and Danuri 1577-1366', (language) => {
    for (const assessment of [high, now, harmOf('home'), harmOf('school')]) {
      const reply = build(assessment, { ...student, language });
      const body = allText(reply);
      expect(body).toContain('1577-1366');
      if (assessment.level === 'high' && !assessment.inProgress) {
        expect(has(body, '109')).toBe(true);
        expect(has(body, '1388')).toBe(true);
      }
      expect(body).not.toMatch(/[가-힣]{6,}/); // no Korean sentence, only names such as 마들랜
      expect(phones(reply)).toContain('1577-1366');
    }
  });

  it('every language has its own sentence for every key of the Korean crisis catalogue (no English fallback)', () => {
    const keysOf = (language: string): string[] => {
      const flat: string[] = [];
      const walk = (prefix: string, value: unknown): void => {
        if (typeof value === 'string') flat.push(prefix);
        else for (const [k, v] of Object.entries(value as object)) walk(prefix ? `${prefix}.${k}` : k, v);
      };
      walk('', parse(readFileSync(join(root, 'knowledge', 'texts', language, 'crisis.yaml'), 'utf8')));
      return flat.sort();
    };
    for (const language of ['en', 'vi', 'zh']) expect(keysOf(language)).toEqual(keysOf('ko'));
  });
});

describe('crisis reply: what it never says', () => {
  const every: RiskAssessment[] = [high, now, ...HARM_KINDS.map(harmOf)];
  const speakers: CrisisReplyFacts[] = [student, parent, { ...student, speaker: 'mentor' }];
  const languages = ['ko', 'en', 'vi', 'zh'] as const;

  it('never says 극단적 선택, never promises secrecy, never names a method or place', () => {
    for (const a of every)
      for (const s of speakers)
        for (const language of languages) {
          const body = allText(build(a, { ...s, language }));
          expect(body).not.toContain('극단적');
          expect(body).not.toMatch(/비밀로 (해|지켜)|아무도 모르게|secret is safe|stays between us/);
          expect(body).not.toMatch(/옥상|한강|다리 위|수면제|번개탄|rooftop|bridge|pills/);
        }
  });
});

describe('concern texts for the support flow', () => {
  it('has empathy and three choices, 1388 from contacts, in both languages', () => {
    const ko = concernReplyTexts(contacts, texts.ko);
    expect(ko.choices).toEqual({ mentor: '내 멘토', staff: '서울런 상담 선생님', line: '1388 지금' });
    expect(ko.lineNow).toContain('@cyber1388');
    expect(concernReplyTexts(contacts, texts.en).choices.line).toBe('1388 now');
  });
});
