import { normaliseAnswer } from '../../../../bot/dialog/parsers';
import {
  afterCorrections,
  composeJamo,
  englishToKorean,
  expandInitials,
  glueParticles,
} from '../../../../bot/dialog/parsers/normalise';

describe('normaliseAnswer', () => {
  it('keeps typed jamo answers and squashes the rest', () => {
    expect(normaliseAnswer('ㅇㅇ')).toBe('ㅇㅇ');
    expect(normaliseAnswer('ㄴㄴ!!')).toBe('ㄴㄴ');
    expect(normaliseAnswer('ㅎㅇ')).toBe('ㅎㅇ');
    expect(normaliseAnswer('  ３００만원쯤ㅎ  ')).toBe('300만원쯤');
    expect(normaliseAnswer('넷이요ㅋㅋㅋ 😊')).toBe('넷이요');
    expect(normaliseAnswer('YES~!')).toBe('yes');
  });
});

describe('the shared repairs', () => {
  it('puts letters typed apart back together only where they make a syllable or a counter', () => {
    expect(composeJamo('5ㄱㅐ')).toBe('5개');
    expect(composeJamo('3며ㅇ')).toBe('3명');
    expect(composeJamo('7시ㄱ')).toBe('7시ㄱ');
    expect(composeJamo('ㅠㅠ ㅇㅇ')).toBe('ㅠㅠ ㅇㅇ');
  });

  it('spells out 초성 abbreviations standing alone, numbers only before a counter', () => {
    expect(expandInitials('ㅅㄹ')).toBe('싫어');
    expect(expandInitials('ㄴㅇ 4시')).toBe('내일 4시');
    expect(expandInitials('ㄷㅅ개')).toBe('다섯개');
    expect(expandInitials('ㄷㅅ')).toBe('ㄷㅅ');
    expect(expandInitials('ㅋㅋㅋ')).toBe('ㅋㅋㅋ');
  });

  it('joins particles typed as words of their own', () => {
    expect(glueParticles('4명 인데 딸 은 둘 이고')).toBe('4명인데 딸은 둘이고');
    expect(glueParticles('이 사람 도 가')).toBe('이 사람 도 가');
  });
});

describe('englishToKorean', () => {
  it('reads English number words and units as the Korean the parsers know', () => {
    expect(englishToKorean('three people')).toBe('3 명');
    expect(englishToKorean('in 30 minutes')).toBe('30분 후');
    expect(englishToKorean("5 o'clock")).toBe('5시');
    expect(englishToKorean('someone')).toBe('someone');
  });
});

describe('afterCorrections', () => {
  it('keeps what follows the last correction, whichever word or mark makes it', () => {
    expect(afterCorrections(normaliseAnswer('4명 아니고 5명'))).toBe('5명');
    expect(afterCorrections(normaliseAnswer('300->350'))).toBe('350');
    expect(afterCorrections(normaliseAnswer('중2 ㄴㄴ 중3'))).toBe('중3');
    expect(afterCorrections(normaliseAnswer('4시 아니면 5시'))).toBe('4시 아니면 5시');
  });
});
