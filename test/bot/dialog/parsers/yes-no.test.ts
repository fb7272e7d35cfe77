import { isDenialJoke, parseYesNo } from '../../../../bot/dialog/parsers';
import { tuningFigure } from './tuning-guard';

const START = '지금 시작해 볼까요?';
const SEOUL = '서울에 살고 계세요?';
const RISK = '요즘 스스로를 해치고 싶은 생각이 들어?';
const DELETE = '기록을 모두 지울까요?';

describe('parseYesNo', () => {
  it.each([
    ['응', 'yes'],
    ['ㅇㅇ', 'yes'],
    ['넵넵', 'yes'],
    ['콜', 'yes'],
    ['ㄱㄱ', 'yes'],
    ['좋아요!!', 'yes'],
    ['yes', 'yes'],
    ['아니요', 'no'],
    ['ㄴㄴ', 'no'],
    ['싫어요', 'no'],
    ['no thanks', 'no'],
    ['🙅', 'no'],
    ['글쎄요', 'unsure'],
    ['잘 모르겠어요', 'unsure'],
  ] as const)('reads %s as %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });

  it.each(['ㅎㅇ', '배고파', '?', '그게 뭔데요?', '왜 물어봐요?', 'ㅋㅋㅋ'])('gives null for %s', (text) => {
    expect(parseYesNo(text)).toBeNull();
  });

  it('reads answers in the terms of the question asked', () => {
    expect(parseYesNo('나중에 할래', { question: START })).toBe('no');
    expect(parseYesNo('안 할래요', { question: START })).toBe('no');
    expect(parseYesNo('할게요', { question: START })).toBe('yes');
    expect(parseYesNo('관악구 살아요', { question: SEOUL })).toBe('yes');
    expect(parseYesNo('수원이요', { question: SEOUL })).toBe('no');
    expect(parseYesNo('지워 주세요', { question: DELETE })).toBe('yes');
    expect(parseYesNo('취소할래요', { question: DELETE })).toBe('no');
  });

  it('takes any frequency as yes to the direct question about self-harm', () => {
    expect(parseYesNo('가끔요', { question: RISK })).toBe('yes');
    expect(parseYesNo('좀 많이', { question: RISK })).toBe('yes');
    expect(parseYesNo('아니 전혀', { question: RISK })).toBe('no');
    expect(parseYesNo('대답하기 싫어', { question: RISK })).not.toBe('yes');
  });

  it('keeps recognising a denial said as a joke', () => {
    expect(isDenialJoke('농담이야 ㅋㅋ')).toBe(true);
    expect(isDenialJoke('네')).toBe(false);
  });

  it('lets the last clause after a contrast decide', () => {
    expect(parseYesNo('애가 귀찮아하겠지만 그래도 보내 주세요', { question: '요약을 보내 드릴까요?' })).toBe(
      'yes',
    );
    expect(parseYesNo('전에는 가끔 있었는데 지금은 없어', { question: RISK })).toBe('no');
    expect(parseYesNo('응 근데 자세히 말하기 싫어', { question: RISK })).toBe('yes');
  });

  it('reads double negation, 초성, old and regional endings', () => {
    expect(parseYesNo('싫진 않아요')).toBe('yes');
    expect(parseYesNo('그렇진 않아요')).toBe('no');
    expect(parseYesNo('ㅇㄴ 안 할래')).toBe('no');
    expect(parseYesNo('ㅅㄹ')).toBe('no');
    expect(parseYesNo('그리 해 주시오', { question: '요약을 보내 드릴까요?' })).toBe('yes');
    expect(parseYesNo('좋지예')).toBe('yes');
  });

  it('gives null for a question back or an answer left to someone else', () => {
    expect(parseYesNo('누구 말하는 거예요?', { question: SEOUL })).toBeNull();
    expect(parseYesNo('아빠한테 물어볼게요', { question: START })).toBeNull();
    expect(parseYesNo('서울 맞는데 왜 물어봐요?', { question: SEOUL })).toBe('yes');
  });

  it('reads a mis-tap as taking the request back, and "after X" as not now', () => {
    expect(parseYesNo('앗 잘못 눌렀어요', { question: DELETE })).toBe('no');
    expect(parseYesNo('숙제 하고 할게', { question: START })).toBe('no');
  });

  it('reads a correction inside the message, a hold after it, and hedged judgements', () => {
    expect(parseYesNo('아니 할게요', { question: START })).toBe('yes');
    expect(parseYesNo('네 아니 잠시만요', { question: START })).toBeNull();
    expect(parseYesNo('괜찮을 것 같아요')).toBe('yes');
    expect(parseYesNo('아닐 것 같아요')).toBe('no');
    expect(parseYesNo('풀까 말까')).toBe('unsure');
    expect(parseYesNo('있긴 있어', { question: RISK })).toBe('yes');
  });

  it("reads the question's own verb said back, plain or negated, but not any noun of it", () => {
    const CONSENT = '개인정보 수집에 동의하시나요?';
    expect(parseYesNo('동의합니다', { question: CONSENT })).toBe('yes');
    expect(parseYesNo('동의 안 함', { question: CONSENT })).toBe('no');
    expect(parseYesNo('비동의', { question: CONSENT })).toBe('no');
    expect(parseYesNo('수집', { question: CONSENT })).toBeNull();
    expect(parseYesNo('한 문제 더', { question: '계속할까요?' })).toBe('yes');
    expect(parseYesNo('아 맞다', { question: '맞나요?' })).toBe('yes');
  });

  it('reads words spelled as said or slipped', () => {
    expect(parseYesNo('조아용')).toBe('yes');
    expect(parseYesNo('시렁')).toBe('no');
    expect(parseYesNo('구래')).toBe('yes');
    expect(parseYesNo('모르겟어요')).toBe('unsure');
  });

  it('reads regional forms and plain refusals', () => {
    expect(parseYesNo('그랴 보내', { question: '요약을 보내 드릴까요?' })).toBe('yes');
    expect(parseYesNo('됐시유')).toBe('no');
    expect(parseYesNo('마 됐다')).toBe('no');
    expect(parseYesNo('졸려', { question: START })).toBe('no');
  });

  it('holds its figure on the tuning set', () => {
    const figure = tuningFigure('yes_no');
    expect(figure.misses.length).toBeLessThanOrEqual(Math.floor(figure.total * 0.02));
    expect(figure.percent).toBeGreaterThanOrEqual(99);
  });
});
