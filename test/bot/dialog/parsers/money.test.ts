import { parseMoney } from '../../../../bot/dialog/parsers';
import { tuningFigure } from './tuning-guard';

describe('parseMoney', () => {
  it.each([
    ['200만원', 2_000_000],
    ['200万원', 2_000_000],
    ['월 420', 4_200_000],
    ['사백오십만원', 4_500_000],
    ['4백5십', 4_500_000],
    ['1,800,000원', 1_800_000],
    ['연봉 6천', 5_000_000],
    ['년 2400만원', 2_000_000],
    ['100~200', 1_500_000],
    ['아내 180 저 220', 4_000_000],
    ['250 아니 270', 2_700_000],
    ['소득 없어요', 0],
    ['0원', 0],
    ['2인 가구 월 190', 1_900_000],
  ] as const)('reads %s as %d won a month', (text, won) => {
    expect(parseMoney(text)?.monthlyWon).toBe(won);
  });

  it('marks gross, net and approximate amounts', () => {
    expect(parseMoney('세전 월 900 정도요')).toEqual({
      monthlyWon: 9_000_000,
      basis: 'gross',
      approximate: true,
    });
    expect(parseMoney('실수령 250')).toEqual({ monthlyWon: 2_500_000, basis: 'net' });
  });

  it.each(['몰라요', '차상위예요', '그걸 왜 알려줘야 돼요?', '용돈 5만원', '4인 가구예요', 'ㅇㅇ'])(
    'gives null for %s',
    (text) => {
      expect(parseMoney(text)).toBeNull();
    },
  );

  it('reads bounds: with 도/은 no amount, beside a figure only its frame', () => {
    expect(parseMoney('이백만원도 안 돼요')).toBeNull();
    expect(parseMoney('300만원은 넘어요')).toBeNull();
    expect(parseMoney('300이 안 되는 280')?.monthlyWon).toBe(2_800_000);
  });

  it('prefers what is true now, gives the middle of extremes, and sums stated parts', () => {
    expect(parseMoney('예전엔 300이었는데 지금은 150')?.monthlyWon).toBe(1_500_000);
    expect(parseMoney('많을 때 400 적을 때 200')?.monthlyWon).toBe(3_000_000);
    expect(parseMoney('사백에서 오백 사이')?.monthlyWon).toBe(4_500_000);
    expect(parseMoney('월급 200 수당 20 해서 220')?.monthlyWon).toBe(2_200_000);
    expect(parseMoney('아빠가 250이래')?.monthlyWon).toBe(2_500_000);
    expect(parseMoney('2ㅇ50만')?.monthlyWon).toBe(2_500_000);
    expect(parseMoney('칠십 대라 연금 60')?.monthlyWon).toBe(600_000);
  });

  it('reads ranges said short and a choice of two as no answer', () => {
    expect(parseMoney('3~400')?.monthlyWon).toBe(3_500_000);
    expect(parseMoney('한 이삼백')?.monthlyWon).toBe(2_500_000);
    expect(parseMoney('이백이나 삼백')).toBeNull();
    expect(parseMoney('200만원일걸요')?.monthlyWon).toBe(2_000_000);
  });

  it('adds up every earner, relatives who send money and side sources included', () => {
    expect(parseMoney('아빠 250 엄마 150 누나 50')?.monthlyWon).toBe(4_500_000);
    expect(parseMoney('딸이 50 보내주고 연금 40')?.monthlyWon).toBe(900_000);
    expect(parseMoney('월급 200 수당 20 해서 220')?.monthlyWon).toBe(2_200_000);
  });

  it('multiplies an amount each of several earners gets', () => {
    expect(parseMoney('부부가 각각 180씩')?.monthlyWon).toBe(3_600_000);
    expect(parseMoney('셋이 100씩 벌어요')?.monthlyWon).toBe(3_000_000);
    expect(parseMoney('저 혼자 200 벌어요')?.monthlyWon).toBe(2_000_000);
  });

  it('reads none said in a regional form', () => {
    expect(parseMoney('벌이가 읎어유')?.monthlyWon).toBe(0);
  });

  it('adds amounts each earned in its own clause', () => {
    expect(parseMoney('한 달에 150 벌고 수당 20 나와요')?.monthlyWon).toBe(1_700_000);
  });

  it('sets aside a rate for a week, a day or an hour, and takes the month worked out from it', () => {
    expect(parseMoney('한 주에 50씩 벌어요')).toBeNull();
    expect(parseMoney('일당 12만원씩 받아요')).toBeNull();
    expect(parseMoney('시간당 1만원')).toBeNull();
    expect(parseMoney('주 40에 4주니까 160')?.monthlyWon).toBe(1_600_000);
    expect(parseMoney('하루 8만원 한 달 20일 일하면 160')?.monthlyWon).toBe(1_600_000);
    expect(parseMoney('주말 알바 40에 월급 180')?.monthlyWon).toBe(2_200_000);
  });

  it('gives no amount when a rate stands beside a monthly pay of its own', () => {
    expect(parseMoney('알바로 주에 20 남편 월급 200')).toBeNull();
    expect(parseMoney('월 200 정도 벌고 주말 알바로 주에 10')).toBeNull();
  });

  it('adds sources put on top of a first amount, unless it is said to hold them', () => {
    expect(parseMoney('250 + 40')?.monthlyWon).toBe(2_900_000);
    expect(parseMoney('월 180 더하기 연금 30')?.monthlyWon).toBe(2_100_000);
    expect(parseMoney('180에 수당 30 더')?.monthlyWon).toBe(2_100_000);
    expect(parseMoney('월 150 그리고 기초연금 30')?.monthlyWon).toBe(1_800_000);
    expect(parseMoney('월 200에 연금 30 포함')?.monthlyWon).toBe(2_000_000);
  });

  it('reads none only when it is said, not given as a reason that trails off', () => {
    expect(parseMoney('요즘 일이 없어서..')).toBeNull();
    expect(parseMoney('일이 없어서 0원')?.monthlyWon).toBe(0);
    expect(parseMoney('지금 수입 없어요')?.monthlyWon).toBe(0);
  });

  it('keeps an amount said before 인데, 세전/세후, 세금, 번다 or a cute ending', () => {
    expect(parseMoney('180인데 매달 달라요')?.monthlyWon).toBe(1_800_000);
    expect(parseMoney('300 세전')).toEqual({ monthlyWon: 3_000_000, basis: 'gross' });
    expect(parseMoney('250세후요')?.monthlyWon).toBe(2_500_000);
    expect(parseMoney('월 300 세금 떼고')?.monthlyWon).toBe(3_000_000);
    expect(parseMoney('남편 200 번다')?.monthlyWon).toBe(2_000_000);
    expect(parseMoney('이백이염')?.monthlyWon).toBe(2_000_000);
    expect(parseMoney('3인 가구 200')?.monthlyWon).toBe(2_000_000);
  });

  it('gives the middle of a good and a bad month, and what is true now after last year', () => {
    expect(parseMoney('잘 벌면 300 못 벌면 100')?.monthlyWon).toBe(2_000_000);
    expect(parseMoney('작년 연봉 3000 올해는 월 200')?.monthlyWon).toBe(2_000_000);
  });

  it('holds its figure on the tuning set', () => {
    expect(tuningFigure('money').percent).toBeGreaterThanOrEqual(99);
  });
});
