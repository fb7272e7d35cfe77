import { createHash } from 'node:crypto';
import type { KnowledgeDoc } from '../../../knowledge/retrieval/docs';
import { decide, MAX_CANDIDATES } from '../../../knowledge/retrieval/answer-question';
import { contactHoursOnce } from '../../../knowledge/retrieval/contact-once';
import { numberTerms } from '../../../knowledge/retrieval/number-terms';
import { ANSWER_THRESHOLD, SUGGEST_THRESHOLD } from '../../../knowledge/retrieval/offline-answer';
import { isHeldOut } from '../../../knowledge/retrieval/split';
import { normalize } from '../../../knowledge/retrieval/korean-text';
import { text } from '../../../bot/messages';
import { testContacts } from '../../helpers/fake-turn';

const doc = (id: string): KnowledgeDoc => ({
  id,
  source: 's',
  asOf: '2025',
  verification: 'confirmed',
  reviewBy: '2027',
  link: 'https://slearn.seoul.go.kr',
  ko: { title: id, body: id, keywords: [] },
});
const result = (confidence: number, n: number) => ({
  confidence,
  hits: Array.from({ length: n }, (_, i) => ({
    doc: doc(`d${i}`),
    score: n - i,
    coverage: 1,
    topicCoverage: 1,
  })),
});

describe('answer, suggest or refuse', () => {
  it('answers above the answer threshold with the first document', () => {
    expect(decide(result(ANSWER_THRESHOLD, 5))).toEqual({ kind: 'answer', doc: doc('d0') });
  });

  it('offers at most three candidates between the thresholds, in rank order', () => {
    const decision = decide(result((ANSWER_THRESHOLD + SUGGEST_THRESHOLD) / 2, 5));
    expect(decision.kind).toBe('suggest');
    if (decision.kind === 'suggest')
      expect(decision.candidates.map((d) => d.id)).toEqual(['d0', 'd1', 'd2'].slice(0, MAX_CANDIDATES));
  });

  it('refuses below the suggestion threshold or with nothing found', () => {
    expect(decide(result(SUGGEST_THRESHOLD - 0.01, 5))).toEqual({ kind: 'refuse' });
    expect(decide(result(0.99, 0))).toEqual({ kind: 'refuse' });
  });
});

describe('numbers read as words', () => {
  const terms = (q: string) => numberTerms(normalize(q));

  it('reads school years and lists of them', () => {
    expect(terms('26학년도 합격자 수')).toContain('2026학년도');
    expect(terms('23, 24학년도 주요대 합격 인원')).toEqual(
      expect.arrayContaining(['2023학년도', '2024학년도']),
    );
    expect(terms('2021년 멘토링 횟수')).toContain('2021년');
  });

  it('reads ages into the rule they touch', () => {
    expect(terms('우리 애 12살인데 혼자 가입해도 되나요')).toContain('14세 미만');
    expect(terms('내년에 25살 되는데')).toContain('나이 제한');
    expect(terms('저 45살인데 신청할 수 있나요')).toContain('서울런 4050');
    expect(terms('중학생 15살이에요')).toEqual([]);
  });

  it('reads household size, money and counts', () => {
    expect(terms('4인 가족이면 월 소득 얼마까지')).toContain('가구원 수');
    expect(terms('우리 집 한 달에 500 버는데')).toContain('소득');
    expect(terms('한 달에 500만원 벌어요')).toContain('금액');
    expect(terms('회원 몇 명이에요')).toContain('인원');
  });
});

describe('held-out split', () => {
  it('holds a row out when the first byte of sha256(text) is divisible by 3', () => {
    for (const q of ['서울런이 뭐예요?', '멘토링 신청', 'how do I join', '비번 까먹음', '내일 비 와?']) {
      const first = createHash('sha256').update(q, 'utf8').digest()[0]!;
      expect(isHeldOut(q)).toBe(first % 3 === 0);
    }
  });
});

describe('contact hours once per reply', () => {
  const contacts = testContacts();

  it('keeps the hours at the first mention and the number alone after it', () => {
    const full = contacts.describe('helpCentre', 'ko');
    const reply = contactHoursOnce(
      {
        messages: [text(`전화 ${full}로 하세요.`), text(`안 되면 다시 ${full}에 물어봐요.`)],
        quickReplies: [],
      },
      contacts,
      'ko',
    );
    expect(reply.messages[0]!.text).toContain(full);
    expect(reply.messages[1]!.text).toBe('안 되면 다시 1533-0909에 물어봐요.');
  });

  it('writes every contact without brackets inside brackets', () => {
    for (const contact of contacts.all())
      for (const language of ['ko', 'en'] as const)
        expect(contacts.describe(contact.id, language)).not.toMatch(/\([^)]*\(/);
  });
});
