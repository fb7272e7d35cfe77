import { parseCount } from '../../../../bot/dialog/parsers';
import { tuningFigure } from './tuning-guard';

describe('parseCount', () => {
  it.each([
    ['다섯 명이요', 5],
    ['여섯', 6],
    ['3인 가구', 3],
    ['세 식구예요', 3],
    ['2', 2],
    ['넷이요', 4],
    ['엄마 아빠 나', 3],
    ['아빠랑 저랑 동생 셋이서 살아요', 3],
    ['저희 부부랑 애 셋', 5],
    ['아빠 형 누나 있어요', 4],
    ['나 빼고 두 명', 3],
    ['혼자 살아요', 1],
  ] as const)('counts the household in %s', (text, expected) => {
    expect(parseCount(text, { subject: 'household' })).toBe(expected);
  });

  it.each([
    ['딸 둘', 2],
    ['아들 하나 딸 하나', 2],
    ['외동이에요', 1],
    ['사남매', 4],
    ['없어요', 0],
    ['중1 아들 하나', 1],
    ['쌍둥이 딸', 2],
    ['12살 9살 둘이요', 2],
  ] as const)('counts children in %s', (text, expected) => {
    expect(parseCount(text, { subject: 'children' })).toBe(expected);
  });

  it.each([
    ['여덟 개', 8],
    ['10문제요', 10],
    ['4~6개', 5],
    ['3개 아니 4개', 4],
    ['40분 동안 다섯 문제', 5],
  ] as const)('counts items in %s', (text, expected) => {
    expect(parseCount(text, { subject: 'items' })).toBe(expected);
  });

  it.each(['왜 물어보세요?', '글쎄요', '많이요', '네', '몇 명까지 돼요?', '셋? 넷?'])(
    'gives null for %s',
    (text) => {
      expect(parseCount(text, { subject: 'household' })).toBeNull();
    },
  );

  it('sets aside side figures: other days, people living apart, reasons, pets', () => {
    expect(parseCount('3명인데 방학엔 형이 와서 4명', { subject: 'household' })).toBe(3);
    expect(parseCount('엄마는 따로 살고 아빠 나 동생 3명', { subject: 'household' })).toBe(3);
    expect(parseCount('숙제가 10개 있어서 여기선 3개만', { subject: 'items' })).toBe(3);
    expect(parseCount('고양이까지 4명', { subject: 'household' })).toBe(3);
  });

  it('takes a stated total, a list summed by its own length, and the last of a self-correction', () => {
    expect(parseCount('아빠 엄마 나 = 3', { subject: 'household' })).toBe(3);
    expect(parseCount('아빠 엄마 누나 나 4', { subject: 'household' })).toBe(4);
    expect(parseCount('아들 1 딸 2', { subject: 'children' })).toBe(3);
    expect(parseCount('3개? 아 그냥 5개', { subject: 'items' })).toBe(5);
    expect(parseCount('4며ㅇ', { subject: 'household' })).toBe(4);
    expect(parseCount('ㄷㅅ개', { subject: 'items' })).toBe(5);
  });

  it('gives null when a student answers the question for parents', () => {
    expect(parseCount('저 고1인데요', { subject: 'children' })).toBeNull();
  });

  it('drops hedges after the value and splits family words typed without spaces', () => {
    expect(parseCount('3명일걸요', { subject: 'household' })).toBe(3);
    expect(parseCount('3명인가? 4명인가', { subject: 'household' })).toBeNull();
    expect(parseCount('3명이면 되나요?', { subject: 'household' })).toBe(3);
    expect(parseCount('할머니랑나랑동생', { subject: 'household' })).toBe(3);
  });

  it('refuses a count above the maximum', () => {
    expect(parseCount('30명', { max: 20 })).toBeNull();
    expect(parseCount('3명', { max: 20 })).toBe(3);
  });

  it('reads a range as its middle rounded down, in digits or as neighbouring native words', () => {
    expect(parseCount('2~3명', { subject: 'household' })).toBe(2);
    expect(parseCount('4~5개', { subject: 'items' })).toBe(4);
    expect(parseCount('두세 개', { subject: 'items' })).toBe(2);
    expect(parseCount('네다섯 문제', { subject: 'items' })).toBe(4);
    expect(parseCount('대여섯 명', { subject: 'household' })).toBe(5);
    expect(parseCount('한두 명', { subject: 'children' })).toBe(1);
  });

  it('reads sons and daughters said the old way', () => {
    expect(parseCount('2남1녀', { subject: 'children' })).toBe(3);
    expect(parseCount('일남이녀예요', { subject: 'children' })).toBe(3);
    expect(parseCount('1남 1녀요', { subject: 'children' })).toBe(2);
  });

  it('reads a number with 부터, 까지, 는 or 이나 after it, and regional endings', () => {
    expect(parseCount('3문제부터', { subject: 'items' })).toBe(3);
    expect(parseCount('5개까지는 할 수 있어', { subject: 'items' })).toBe(5);
    expect(parseCount('15개는 풀어야죠', { subject: 'items' })).toBe(15);
    expect(parseCount('딸만 셋이나 돼요', { subject: 'children' })).toBe(3);
    expect(parseCount('넷이유', { subject: 'household' })).toBe(4);
    expect(parseCount('다섯이예유', { subject: 'household' })).toBe(5);
  });

  it('keeps "one of them" from counting against the total said before it', () => {
    expect(parseCount('3명인데 한 명은 기숙사에 있어요', { subject: 'children' })).toBe(3);
  });

  it('gives null for a child word said only in passing', () => {
    expect(parseCount('아이 키우기 너무 어려워요', { subject: 'children' })).toBeNull();
    expect(parseCount('애들 때문에 왔어요', { subject: 'children' })).toBeNull();
    expect(parseCount('아들 있어요', { subject: 'children' })).toBe(1);
  });

  it('reads a child word and its number typed together, and a number before 가', () => {
    expect(parseCount('아들셋 딸하나', { subject: 'children' })).toBe(4);
    expect(parseCount('7개가 딱 좋아요', { subject: 'items' })).toBe(7);
  });

  it('reads a number after someone there is only one of as the total, sons alone, and one only', () => {
    expect(parseCount('저랑 엄마 2명', { subject: 'household' })).toBe(2);
    expect(parseCount('3남이에요', { subject: 'children' })).toBe(3);
    expect(parseCount('딸 하나뿐이에요', { subject: 'children' })).toBe(1);
  });

  it('leaves out someone said to be absent, reads brackets, 한 before a count and 씩 with an ending', () => {
    expect(parseCount('엄마 없고 아빠랑 누나랑 저', { subject: 'household' })).toBe(3);
    expect(parseCount('4명(할머니 포함)', { subject: 'household' })).toBe(4);
    expect(parseCount('한 네 개?', { subject: 'items' })).toBe(4);
    expect(parseCount('매일 2개씩이요', { subject: 'items' })).toBe(2);
  });

  it("reads other regions' copulas after a count", () => {
    expect(parseCount('넷이구먼', { subject: 'household' })).toBe(4);
    expect(parseCount('둘이랑께', { subject: 'children' })).toBe(2);
  });

  it('takes back a count after 아냐, 아니야 (said once or twice) and after a plan given up', () => {
    expect(parseCount('8개? 아냐 6개', { subject: 'items' })).toBe(6);
    expect(parseCount('3개 아니야 4개로 할게', { subject: 'items' })).toBe(4);
    expect(parseCount('4명? 아냐 아냐 5명', { subject: 'household' })).toBe(5);
    expect(parseCount('5개 하려다가 그냥 3개', { subject: 'items' })).toBe(3);
    expect(parseCount('20개 할까 했는데 10개', { subject: 'items' })).toBe(10);
    expect(parseCount('아냐', { subject: 'items' })).toBeNull();
  });

  it('reads two neighbouring numbers typed apart before a unit as a span, not counting aloud', () => {
    expect(parseCount('세 네 개', { subject: 'items' })).toBe(3);
    expect(parseCount('일곱 여덟 개요', { subject: 'items' })).toBe(7);
    expect(parseCount('3,4명', { subject: 'household' })).toBe(3);
    expect(parseCount('네 다섯이요', { subject: 'household' })).toBe(4);
    expect(parseCount('하나 둘 셋', { subject: 'items' })).toBeNull();
  });

  it('reads "not even one" as a refusal, or as none when no one is there', () => {
    expect(parseCount('한 개도 안 할래요', { subject: 'items' })).toBeNull();
    expect(parseCount('1문제도 풀기 싫어요', { subject: 'items' })).toBeNull();
    expect(parseCount('하나도 빠짐없이 다 풀래', { subject: 'items' })).toBeNull();
    expect(parseCount('한 명도 없어요', { subject: 'children' })).toBe(0);
  });

  it('counts relatives named by side or rank and family words of other regions', () => {
    expect(parseCount('외삼촌 엄마 나 동생', { subject: 'household' })).toBe(4);
    expect(parseCount('큰아빠 큰엄마 사촌형 저', { subject: 'household' })).toBe(4);
    expect(parseCount('고모할머니랑 살아요', { subject: 'household' })).toBe(2);
    expect(parseCount('엄니랑 내랑 동생', { subject: 'household' })).toBe(3);
    expect(parseCount('손지 둘하고 내하고', { subject: 'household' })).toBe(3);
    expect(parseCount('내 동생이랑 엄마', { subject: 'household' })).toBe(3);
  });

  it('reads "둘이 살아요" after the people named as the N of us', () => {
    expect(parseCount('할머니랑 나 둘이 살아', { subject: 'household' })).toBe(2);
    expect(parseCount('엄마 나 동생 셋이 살아요', { subject: 'household' })).toBe(3);
    expect(parseCount('할머니 둘이 살아요', { subject: 'household' })).toBe(2);
    expect(parseCount('엄마 아빠 동생 둘이 살아요', { subject: 'household' })).toBe(5);
    expect(parseCount('셋이야', { subject: 'household' })).toBe(3);
  });

  it('leaves out people said to live apart as the reason, and gives no count when no one is left', () => {
    expect(parseCount('아빠는 따로 살아요 엄마랑 저랑', { subject: 'household' })).toBe(2);
    expect(parseCount('아빠는 돌아가셔서 엄마랑 저 동생', { subject: 'household' })).toBe(3);
    expect(parseCount('부모님이 떨어져 사셔서 좀 그래요', { subject: 'household' })).toBeNull();
  });

  it('reads homely child words, twins after the child word, 둘에, 없는데요 and 아 그냥', () => {
    expect(parseCount('딸내미 하나 아들래미 둘', { subject: 'children' })).toBe(3);
    expect(parseCount('아들 쌍둥이요', { subject: 'children' })).toBe(2);
    expect(parseCount('딸 둘에 아들 하나', { subject: 'children' })).toBe(3);
    expect(parseCount('없는데요', { subject: 'children' })).toBe(0);
    expect(parseCount('6개 아니 5개 아 그냥 6개', { subject: 'items' })).toBe(6);
    expect(parseCount('시부모님이랑 남편 저 애 하나', { subject: 'household' })).toBe(5);
  });

  it('leaves out what was so before and a count turned down, and reads children named by school', () => {
    expect(parseCount('원래 넷인데 지금은 셋', { subject: 'household' })).toBe(3);
    expect(parseCount('20개는 너무 많고 7개', { subject: 'items' })).toBe(7);
    expect(parseCount('고등학생 하나 초등학생 둘', { subject: 'children' })).toBe(3);
    expect(parseCount('중1 하나 초5 하나', { subject: 'children' })).toBe(2);
    expect(parseCount('중2 아들 하나', { subject: 'children' })).toBe(1);
  });

  it('lets 적당히 soften a number but not stand for one, and counts out a pet said with 랑', () => {
    expect(parseCount('적당히 4개', { subject: 'items' })).toBe(4);
    expect(parseCount('적당히 주세요', { subject: 'items' })).toBeNull();
    expect(parseCount('고양이랑 둘이 살아요', { subject: 'household' })).toBe(1);
  });

  it('holds its figure on the tuning set', () => {
    expect(tuningFigure('count').percent).toBeGreaterThanOrEqual(99);
  });
});
