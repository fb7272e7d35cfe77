import { join } from 'node:path';
import { loadContacts } from '../../../bot/contacts';
import type { CardMessage, Reply } from '../../../bot/messages';
import type { CrisisReplyFacts, RiskAssessment } from '../../../bot/risk';
import { loadTexts } from '../../../bot/texts-loader';
import { concernReplyTexts, createCrisisReplyBuilder } from '../../../knowledge/risk/crisis-reply';
import { createRiskScreen, loadRiskLexicon } from '../../../knowledge/risk/screen';

const root = join(__dirname, '..', '..', '..');
const contacts = loadContacts(join(root, 'knowledge', 'contacts.yaml'));
const texts = loadTexts(join(root, 'knowledge', 'texts'));
const build = createCrisisReplyBuilder(contacts, texts);
const screen = createRiskScreen(loadRiskLexicon(join(root, 'knowledge', 'risk', 'lexicon.yaml')));

const student: CrisisReplyFacts = { speaker: 'student', language: 'ko', personOnDuty: true };
const high: RiskAssessment = { level: 'high', signals: ['high.want-to-die'] };
const harm: RiskAssessment = { level: 'harm_by_others', signals: ['harm.bullying'] };

const allText = (reply: Reply): string =>
  reply.messages
    .map((m) =>
      m.type === 'text' ? m.text : `${m.title}\n${m.text}\n${m.buttons.map((b) => b.label).join(' ')}`,
    )
    .join('\n');
const firstText = (reply: Reply): string =>
  reply.messages[0]?.type === 'text' ? reply.messages[0].text : '';
const cardOf = (reply: Reply): CardMessage =>
  reply.messages.find((m): m is CardMessage => m.type === 'card') as CardMessage;

describe('crisis reply: high', () => {
  const reply = build(high, student);

  it('puts 109, 1388 and 112 in the text itself, 109 on the first line', () => {
    const body = firstText(reply);
    expect(body.split('\n')[0]).toContain('109');
    for (const n of ['109', '1388', '112', '119', '마들랜', '@cyber1388']) expect(body).toContain(n);
  });

  it('never says 극단적 선택 and promises no secrecy', () => {
    for (const r of [reply, build(harm, student), build(high, { ...student, speaker: 'parent' })]) {
      expect(allText(r)).not.toContain('극단적');
      expect(allText(r)).not.toMatch(/비밀로 (해|지켜)|아무도 모르게|secret is safe|stays between us/);
    }
  });

  it('adds a card with at most three phone buttons, numbers from the contacts file', () => {
    const c = cardOf(reply);
    expect(c.buttons.length).toBeGreaterThan(0);
    expect(c.buttons.length).toBeLessThanOrEqual(3);
    for (const b of c.buttons) expect(b.phone).toMatch(/^[0-9-]+$/);
    expect(c.buttons.map((b) => b.phone)).toEqual(['109', '1388', '112']);
  });

  it('is honest about people: on duty, later, unknown', () => {
    expect(firstText(reply)).toContain('선생님께 바로 알렸어요');
    const later = firstText(build(high, { ...student, personOnDuty: false, nextPersonAt: '내일 오전 10시' }));
    expect(later).not.toContain('바로 알렸어요');
    expect(later).toContain('내일 오전 10시');
    expect(later.indexOf('109')).toBeLessThan(later.indexOf('내일 오전 10시'));
    const unknown = firstText(build(high, { ...student, personOnDuty: false }));
    expect(unknown).toContain('24시간');
    expect(unknown).not.toContain('바로 알렸어요');
  });

  it('mentions 117 when the same message also names violence', () => {
    expect(
      firstText(build({ level: 'high', signals: ['high.want-to-die', 'harm.bullying'] }, student)),
    ).toContain('117');
  });

  it('works in English', () => {
    const en = build(high, { ...student, language: 'en' });
    expect(firstText(en).split('\n')[0]).toContain('109');
    expect(firstText(en)).toContain('1388');
    expect(firstText(en)).toContain('112');
    expect(cardOf(en).buttons[0]?.label).toBe('Call 109');
  });
});

describe('crisis reply: harm by others, friends, parents, mentors', () => {
  it('harm by others: 112 first, 117 and 1388, staff told', () => {
    const body = firstText(build(harm, student));
    expect(body.split('\n')[0]).toContain('112');
    for (const n of ['117', '#0117', '1388', '1366']) expect(body).toContain(n);
    expect(body).toContain('선생님께도 바로 알렸어요');
    expect(cardOf(build(harm, student)).buttons.map((b) => b.phone)).toEqual(['112', '117', '1388']);
  });

  it('a friend in danger: 112/119 now and 109 to pass on', () => {
    const body = firstText(build(screen('친구가 죽고 싶대', 'student'), student));
    expect(body.split('\n')[0]).toMatch(/112.*119/);
    expect(body).toContain('109');
  });

  it('a parent gets guidance for parents and adult lines', () => {
    const reply = build(screen('우리 애가 죽고 싶대요', 'parent'), { ...student, speaker: 'parent' });
    const body = firstText(reply);
    expect(body.split('\n')[0]).toContain('아이 곁에');
    expect(body.split('\n')[0]).toContain('109');
    for (const n of ['1577-0199', '112', '119']) expect(body).toContain(n);
    expect(cardOf(reply).buttons.map((b) => b.phone)).toEqual(['109', '1577-0199', '112']);
  });

  it('a mentor gets their own first line', () => {
    const body = firstText(build(high, { ...student, speaker: 'mentor' }));
    expect(body.split('\n')[0]).toContain('학생에게');
  });

  it('a parent reporting violence gets 112, 117 and 1366', () => {
    const body = firstText(build(harm, { ...student, speaker: 'parent' }));
    for (const n of ['112', '117', '1366']) expect(body).toContain(n);
  });
});

describe('concern texts for the support flow', () => {
  it('has empathy and three choices, 1388 from contacts, in both languages', () => {
    const ko = concernReplyTexts(contacts, texts.ko);
    expect(ko.choices).toEqual({ mentor: '내 멘토', staff: '서울런 상담 선생님', line: '1388 지금' });
    expect(ko.empathy.length).toBeGreaterThan(5);
    expect(ko.lineNow).toContain('@cyber1388');
    const en = concernReplyTexts(contacts, texts.en);
    expect(en.choices.line).toBe('1388 now');
  });
});
