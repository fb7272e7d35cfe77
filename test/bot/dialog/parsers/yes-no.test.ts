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

  it('reads what is said after a question back, and 그럼 as "then"', () => {
    const SEND = '보호자께 요약을 보내 드릴까요?';
    expect(parseYesNo('선생님한테 가는 거예요? 그럼 좋아요', { question: SEND })).toBe('yes');
    expect(parseYesNo('그럼 됐어요', { question: SEND })).toBe('no');
    expect(parseYesNo('그럼요', { question: SEND })).toBe('yes');
    expect(parseYesNo('하나만 해볼까..? 잘 모르겠어', { question: START })).toBe('unsure');
  });

  it('reads wishing someone not told as no, and a resigned must as yes', () => {
    const SEND = '보호자께 요약을 보내 드릴까요?';
    expect(parseYesNo('동생은 몰랐으면 해요', { question: SEND })).toBe('no');
    expect(parseYesNo('비밀로 해 주세요', { question: SEND })).toBe('no');
    expect(parseYesNo('귀찮지만 해야지 뭐', { question: START })).toBe('yes');
    expect(parseYesNo('안 해야지', { question: START })).toBe('no');
    expect(parseYesNo('숙제해야 돼서 안 돼', { question: START })).toBe('no');
  });

  it('reads thinking it over and asking oneself as unsure, and leaving it be as no', () => {
    expect(parseYesNo('좀 더 생각해 볼게요', { question: DELETE })).toBe('unsure');
    expect(parseYesNo('모르겠어 지워야 하나', { question: DELETE })).toBe('unsure');
    expect(parseYesNo('지워도 될까', { question: DELETE })).toBeNull();
    expect(parseYesNo('그대로 둬', { question: DELETE })).toBe('no');
    expect(parseYesNo('놔두세요', { question: DELETE })).toBe('no');
    expect(parseYesNo('응 잠깐 아니야', { question: DELETE })).toBe('no');
  });

  it('reads so-so as unsure to the direct question, without losing a yes', () => {
    expect(parseYesNo('그냥 그래', { question: RISK })).toBe('unsure');
    expect(parseYesNo('응 그냥 그래', { question: RISK })).toBe('yes');
    expect(parseYesNo('그런 생각 좀 해', { question: RISK })).toBe('yes');
  });

  it('reads the one answering and someone else living apart as unsure', () => {
    expect(parseYesNo('애는 서울에 있고 저는 경기도에 살아요', { question: SEOUL })).toBe('unsure');
    expect(parseYesNo('저랑 애는 서울 살고 남편은 부산', { question: SEOUL })).toBe('yes');
  });

  it('reads short polite refusals, leave given, being busy and leaving it be', () => {
    const SEND = '보호자께 요약을 보내 드릴까요?';
    expect(parseYesNo('굳이요', { question: SEND })).toBe('no');
    expect(parseYesNo('별로요')).toBe('no');
    expect(parseYesNo('보내셔도 괜찮아요', { question: SEND })).toBe('yes');
    expect(parseYesNo('아빠한테는 비밀이에요', { question: SEND })).toBe('no');
    expect(parseYesNo('지금 수업 중이야', { question: START })).toBe('no');
    expect(parseYesNo('지금은 말고', { question: START })).toBe('no');
    expect(parseYesNo('아니 안 지워도 돼', { question: DELETE })).toBe('no');
  });

  it('reads a wish to disappear as yes and "not that" as no to the direct question', () => {
    expect(parseYesNo('그냥 없어졌으면 좋겠어', { question: RISK })).toBe('yes');
    expect(parseYesNo('그건 아니고 좀 지쳤어', { question: RISK })).toBe('no');
  });

  it('reads where one lives now after a move, and half here half there as unsure', () => {
    expect(parseYesNo('재작년에 이사 와서 지금은 서울이에요', { question: SEOUL })).toBe('yes');
    expect(parseYesNo('서울이긴 한데 내년에 이사 가요', { question: SEOUL })).toBe('yes');
    expect(parseYesNo('반은 서울 반은 인천', { question: SEOUL })).toBe('unsure');
  });

  it("reads an answer said before a question back, the question's verb said back, and a yes for one parent", () => {
    const SEND = '보호자께 요약을 보내 드릴까요?';
    expect(parseYesNo('강남인데 그건 왜요?', { question: SEOUL })).toBe('yes');
    expect(parseYesNo('네 살고 있어요', { question: SEOUL })).toBe('yes');
    expect(parseYesNo('엄마한테만요', { question: SEND })).toBe('yes');
    expect(parseYesNo('아빠는 문자 잘 안 봐요', { question: SEND })).toBe('no');
    expect(parseYesNo('음 일단 보류', { question: DELETE })).toBe('unsure');
  });

  it('reads later by minutes or hours, and solving first as yes', () => {
    expect(parseYesNo('10분 있다가', { question: START })).toBe('no');
    expect(parseYesNo('두 문제 풀고 씻을래', { question: START })).toBe('yes');
  });

  it('reads a long answer in another language by its lead word, a mistake as no, and fine these days as no', () => {
    expect(parseYesNo('no, we live in Bucheon', { question: SEOUL })).toBe('no');
    expect(parseYesNo('vâng, tôi sống ở Seoul', { question: SEOUL })).toBe('yes');
    expect(parseYesNo('앗 실수', { question: DELETE })).toBe('no');
    expect(parseYesNo('지금은 괜찮아요', { question: RISK })).toBe('no');
  });

  it('reads Gyeongsang and as-said forms', () => {
    expect(parseYesNo('고마 됐어예', { question: '요약을 보내 드릴까요?' })).toBe('no');
    expect(parseYesNo('몰러유', { question: SEOUL })).toBe('unsure');
  });

  it('holds its figure on the tuning set', () => {
    const figure = tuningFigure('yes_no');
    expect(figure.misses.length).toBeLessThanOrEqual(Math.floor(figure.total * 0.02));
    expect(figure.percent).toBeGreaterThanOrEqual(99);
  });
});
