import {
  features,
  isChoseongQuery,
  normalize,
  qwertyAsHangul,
} from '../../../knowledge/retrieval/korean-text';
import { createSynonymExpander } from '../../../knowledge/retrieval/synonyms';
import { fixtureRetriever } from './helpers';

describe('Korean text features', () => {
  it('keeps compatibility jamo so 초성 questions survive normalisation', () => {
    expect(normalize('ＳＬＥＡＲＮ ㅅㅇㄹ!')).toBe('slearn ㅅㅇㄹ');
    expect(isChoseongQuery('ㅅㅇㄹ ㅁㅌㄹ')).toBe(true);
    expect(isChoseongQuery('서울런 ㅋㅋ 멘토링 신청')).toBe(false);
  });

  it('indexes Hangul without spaces, so spacing does not matter', () => {
    expect(features(normalize('서울런 멘토링')).syllable).toEqual(
      features(normalize('서울런멘토링')).syllable,
    );
  });

  it('reads Hangul typed in English keyboard mode', () => {
    expect(qwertyAsHangul('tjdnffjs')).toBe('서울런');
    expect(qwertyAsHangul('mentor')).toBeUndefined();
  });

  it('adds canonical synonyms next to the words used', () => {
    const expand = createSynonymExpander([{ canonical: '서울런', variants: ['서울 런', 'slearn'] }]);
    expect(expand('slearn 가입')).toBe('slearn 가입 서울런');
    expect(expand('서울 런이 뭐야')).toBe('서울 런이 뭐야 서울런');
    expect(expand('slearning')).toBe('slearning');
  });
});

describe('Korean retriever (fixtures)', () => {
  const retriever = fixtureRetriever();
  const top = (q: string) => retriever.search(q).hits[0]?.doc.id;

  it.each([
    ['spaced', '서울런 멘토링은 어떻게 받아요?', 'mentoring-overview'],
    ['no spaces, particles glued', '서울런멘토링어떻게받아요', 'mentoring-overview'],
    ['초성', 'ㅅㅇㄹ ㅁㅌㄹ', 'mentoring-overview'],
    ['typo', '비빌번호 까먹었어', 'password-reset'],
    ['synonym slearn', 'slearn 멘토 신청', 'mentoring-overview'],
    ['synonym 서울 런', '서울 런 탈퇴하면 재가입 돼?', 'withdrawal'],
    ['English', 'how do I reset my password', 'password-reset'],
    ['English to a Korean-only doc', 'can I rejoin after I withdraw', 'withdrawal'],
    ['keyboard in English mode', 'ahsxhfld tlscjd', 'mentoring-overview'],
    ['banmal', '상담센터 몇시까지 해', 'help-centre'],
  ])('%s: %s → %s', (_label, question, expected) => {
    expect(top(question)).toBe(expected);
  });

  it('is confident on a clear question and not on an unrelated one', () => {
    expect(retriever.search('서울런 탈퇴하면 다시 가입할 수 있나요').confidence).toBeGreaterThan(0.5);
    expect(retriever.search('떡볶이 맛집 추천해줘').confidence).toBeLessThan(0.5);
    expect(retriever.search('오늘 날씨 어때').confidence).toBeLessThan(0.5);
  });

  it('returns scores in rank order and a confidence in [0, 1]', () => {
    for (const q of ['', '?', 'ㅋㅋㅋ', '멘토링', 'a'.repeat(2000), '서울런'.repeat(300)]) {
      const { hits, confidence } = retriever.search(q);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
      for (let i = 1; i < hits.length; i += 1)
        expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    }
  });
});
