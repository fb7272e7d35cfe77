import { josa } from './particles';
import { decimal, fraction, gcd, lcm, numericDistractors, type UnitGenerator } from './build';

/**
 * Elementary math (2022 revision): each generator draws small numbers from its seed and offers
 * the typical wrong answers of that unit (a forgotten carry, added denominators, area for
 * perimeter…) as distractors. `verify` is plain arithmetic a test recomputes.
 */

/** 12,345 — thousands separators without Intl (same output on every Node build). */
const num = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const add20: UnitGenerator = {
  slug: 'add-20',
  unit: '덧셈과 뺄셈',
  standard: '한 자리 수의 덧셈',
  difficulty: 1,
  make(rng) {
    const a = rng.int(2, 9);
    const b = rng.int(2, 9);
    return {
      prompt: `${a} + ${b}의 값은?`,
      answer: String(a + b),
      distractors: numericDistractors(a + b, [a + b - 1, a + b + 1, Math.abs(a - b)]),
      explanation: `${a}에서 ${b}만큼 더 세어 보세요. ${a} 다음으로 ${b}번 세면 ${josa(a + b, '이에요')}.`,
      verify: `${a} + ${b}`,
    };
  },
};

export const sub20: UnitGenerator = {
  slug: 'sub-20',
  unit: '덧셈과 뺄셈',
  standard: '받아내림이 있는 뺄셈',
  difficulty: 2,
  make(rng) {
    const b = rng.int(3, 9);
    const a = rng.int(11, 10 + b - 1);
    const digitSlip = 10 + Math.abs((a % 10) - b);
    return {
      prompt: `${a} - ${b}의 값은?`,
      answer: String(a - b),
      distractors: numericDistractors(a - b, [digitSlip, a - b + 1, a + b]),
      explanation: `${josa(a, '을')} 10과 ${josa(a - 10, '으로')} 나눠 생각해요. 10 - ${b} = ${josa(10 - b, '이고')}, 여기에 ${josa(a - 10, '을')} 더하면 ${josa(a - b, '이에요')}.`,
      verify: `${a} - ${b}`,
    };
  },
};

export const tensAndOnes: UnitGenerator = {
  slug: 'tens',
  unit: '100까지의 수',
  standard: '10개씩 묶음과 낱개',
  difficulty: 1,
  make(rng) {
    const tens = rng.int(2, 9);
    const ones = rng.int(1, 9);
    if (tens === ones) return null;
    const value = tens * 10 + ones;
    return {
      prompt: `10개씩 묶음 ${tens}개와 낱개 ${ones}개는 모두 몇 개일까요?`,
      answer: String(value),
      distractors: numericDistractors(value, [ones * 10 + tens, tens + ones, tens * 10]),
      explanation: `10개씩 묶음 ${tens}개는 ${tens * 10}개예요. 낱개 ${ones}개를 더하면 ${value}개예요.`,
      verify: `${tens} * 10 + ${ones}`,
    };
  },
};

export const addTwoDigitNoCarry: UnitGenerator = {
  slug: 'add-2d',
  unit: '덧셈과 뺄셈',
  standard: '받아올림이 없는 두 자리 수의 덧셈',
  difficulty: 1,
  make(rng) {
    const a = rng.int(1, 5) * 10 + rng.int(0, 4);
    const b = rng.int(1, 4) * 10 + rng.int(0, 5);
    const sum = a + b;
    return {
      prompt: `${a} + ${b}의 값은?`,
      answer: String(sum),
      distractors: numericDistractors(sum, [sum + 10, sum - 10, sum + 1]),
      explanation: `십의 자리끼리, 일의 자리끼리 더해요. ${josa((Math.floor(a / 10) + Math.floor(b / 10)) * 10, '과')} ${josa((a % 10) + (b % 10), '이라서')} ${josa(sum, '이에요')}.`,
      verify: `${a} + ${b}`,
    };
  },
};

export const placeValue3: UnitGenerator = {
  slug: 'three-digit',
  unit: '세 자리 수',
  standard: '세 자리 수의 자릿값',
  difficulty: 1,
  make(rng) {
    const h = rng.int(1, 9);
    const t = rng.int(0, 9);
    const o = rng.int(1, 9);
    const value = h * 100 + t * 10 + o;
    return {
      prompt: `100이 ${h}개, 10이 ${t}개, 1이 ${o}개인 수는?`,
      answer: String(value),
      distractors: numericDistractors(value, [o * 100 + t * 10 + h, h * 100 + o * 10 + t, h + t + o]),
      explanation: `백의 자리 ${h}, 십의 자리 ${t}, 일의 자리 ${josa(o, '을')} 차례로 쓰면 ${josa(value, '이에요')}.`,
      verify: `${h} * 100 + ${t} * 10 + ${o}`,
    };
  },
};

export const addCarry2: UnitGenerator = {
  slug: 'add-carry',
  unit: '덧셈과 뺄셈',
  standard: '받아올림이 있는 두 자리 수의 덧셈',
  difficulty: 2,
  make(rng) {
    const a = rng.int(1, 6) * 10 + rng.int(5, 9);
    const b = rng.int(1, 2) * 10 + rng.int(5, 9);
    const sum = a + b;
    return {
      prompt: `${a} + ${b}의 값은?`,
      answer: String(sum),
      distractors: numericDistractors(sum, [sum - 10, sum + 10, sum - 1]),
      explanation: `일의 자리 ${a % 10} + ${b % 10} = ${josa((a % 10) + (b % 10), '이라서')} 10을 십의 자리로 올려요. 받아올림을 잊으면 ${josa(sum - 10, '이')} 돼요. 답은 ${josa(sum, '이에요')}.`,
      verify: `${a} + ${b}`,
    };
  },
};

export const subBorrow2: UnitGenerator = {
  slug: 'sub-borrow',
  unit: '덧셈과 뺄셈',
  standard: '받아내림이 있는 두 자리 수의 뺄셈',
  difficulty: 2,
  make(rng) {
    const a = rng.int(4, 9) * 10 + rng.int(0, 4);
    const b = rng.int(1, 3) * 10 + rng.int(5, 9);
    const slip = (Math.floor(a / 10) - Math.floor(b / 10)) * 10 + Math.abs((a % 10) - (b % 10));
    return {
      prompt: `${a} - ${b}의 값은?`,
      answer: String(a - b),
      distractors: numericDistractors(a - b, [slip, a - b + 10, a - b - 1]),
      explanation: `일의 자리 ${a % 10}에서 ${josa(b % 10, '을')} 뺄 수 없어서 십의 자리에서 10을 빌려 와요. 작은 수에서 큰 수를 거꾸로 빼면 ${josa(slip, '이')} 되는 실수를 해요. 답은 ${josa(a - b, '이에요')}.`,
      verify: `${a} - ${b}`,
    };
  },
};

export const timesTable: UnitGenerator = {
  slug: 'times-table',
  unit: '곱셈구구',
  standard: '곱셈구구',
  difficulty: 1,
  make(rng) {
    const a = rng.int(2, 9);
    const b = rng.int(2, 9);
    return {
      prompt: `${a} × ${b}의 값은?`,
      answer: String(a * b),
      distractors: numericDistractors(a * b, [a * (b + 1), a * (b - 1), a + b]),
      explanation: `${a}단을 외워 봐요. ${josa(a, '을')} ${b}번 더하면 ${josa(a * b, '이에요')}.`,
      verify: `${a} * ${b}`,
    };
  },
};

export const lengthUnits: UnitGenerator = {
  slug: 'length',
  unit: '길이 재기',
  standard: 'm와 cm의 관계',
  difficulty: 2,
  make(rng) {
    const m = rng.int(1, 5);
    const cm = rng.int(5, 95);
    const value = m * 100 + cm;
    return {
      prompt: `${m} m ${cm} cm는 몇 cm일까요?`,
      answer: `${value} cm`,
      distractors: numericDistractors(value, [m * 10 + cm, m + cm, m * 1000 + cm], (n) => `${n} cm`),
      explanation: `1 m는 100 cm예요. ${m} m는 ${m * 100} cm이고 ${cm} cm를 더하면 ${value} cm예요.`,
      verify: `${m} * 100 + ${cm}`,
    };
  },
};

export const add3: UnitGenerator = {
  slug: 'add-3d',
  unit: '덧셈과 뺄셈',
  standard: '세 자리 수의 덧셈',
  difficulty: 2,
  make(rng) {
    const a = rng.int(120, 689);
    const b = rng.int(115, 299);
    if ((a % 10) + (b % 10) < 10) return null;
    const sum = a + b;
    return {
      prompt: `${a} + ${b}의 값은?`,
      answer: String(sum),
      distractors: numericDistractors(sum, [sum - 10, sum - 100, sum + 10]),
      explanation: `일의 자리부터 더해요. 10이 넘으면 바로 윗자리로 1을 올려요. 올린 1을 빠뜨리면 ${sum - 10}처럼 틀려요. 답은 ${josa(sum, '이에요')}.`,
      verify: `${a} + ${b}`,
    };
  },
};

export const sub3: UnitGenerator = {
  slug: 'sub-3d',
  unit: '덧셈과 뺄셈',
  standard: '세 자리 수의 뺄셈',
  difficulty: 2,
  make(rng) {
    const a = rng.int(400, 950);
    const b = rng.int(105, 389);
    if (a % 10 >= b % 10) return null;
    const slip = Math.floor(a / 10) * 10 - Math.floor(b / 10) * 10 + Math.abs((a % 10) - (b % 10));
    return {
      prompt: `${a} - ${b}의 값은?`,
      answer: String(a - b),
      distractors: numericDistractors(a - b, [slip, a - b + 10, a - b - 100]),
      explanation: `일의 자리 ${a % 10}에서 ${josa(b % 10, '을')} 뺄 수 없으니 십의 자리에서 10을 받아내려요. 답은 ${josa(a - b, '이에요')}.`,
      verify: `${a} - ${b}`,
    };
  },
};

export const divideExact: UnitGenerator = {
  slug: 'divide',
  unit: '나눗셈',
  standard: '곱셈과 나눗셈의 관계',
  difficulty: 1,
  make(rng) {
    const b = rng.int(2, 9);
    const q = rng.int(2, 9);
    const a = b * q;
    return {
      prompt: `사탕 ${a}개를 ${b}명이 똑같이 나누면 한 명이 몇 개씩 가질까요?`,
      answer: `${q}개`,
      distractors: numericDistractors(q, [q + 1, q - 1, a - b], (n) => `${n}개`),
      explanation: `${a} ÷ ${josa(b, '은')} ${b} × □ = ${a}의 □를 찾는 것과 같아요. ${b} × ${q} = ${josa(a, '이니까')} ${q}개예요.`,
      verify: `${a} / ${b}`,
    };
  },
};

export const mul2x1: UnitGenerator = {
  slug: 'mul-2x1',
  unit: '곱셈',
  standard: '(두 자리 수) × (한 자리 수)',
  difficulty: 2,
  make(rng) {
    const a = rng.int(13, 49);
    const b = rng.int(3, 9);
    if ((a % 10) * b < 10) return null;
    const noCarry = Math.floor(a / 10) * b * 10 + (((a % 10) * b) % 10);
    return {
      prompt: `${a} × ${b}의 값은?`,
      answer: String(a * b),
      distractors: numericDistractors(a * b, [noCarry, a * b + 10, a + b]),
      explanation: `${josa(a, '을')} ${josa(Math.floor(a / 10) * 10, '과')} ${josa(a % 10, '으로')} 나눠 곱해요. ${Math.floor(a / 10) * 10 * b} + ${(a % 10) * b} = ${josa(a * b, '이에요')}. 일의 자리에서 올린 수를 잊으면 ${josa(noCarry, '이')} 돼요.`,
      verify: `${a} * ${b}`,
    };
  },
};

export const fractionOfWhole: UnitGenerator = {
  slug: 'fraction-part',
  unit: '분수와 소수',
  standard: '분수의 뜻',
  difficulty: 1,
  make(rng) {
    const d = rng.int(3, 9);
    const n = rng.int(1, d - 1);
    return {
      prompt: `피자를 똑같이 ${d}조각으로 나누어 ${n}조각을 먹었어요. 먹은 양을 분수로 나타내면?`,
      answer: `${n}/${d}`,
      distractors: [`${d}/${n}`, `${n}/${d + n}`, `${d - n}/${d}`],
      explanation: `전체를 똑같이 ${josa(d, '으로')} 나눈 것 중 ${josa(n, '이니까')} ${n}/${josa(d, '이에요')}. 아래(분모)에 전체 조각 수를 써요.`,
      verify: `${n} / ${d}`,
    };
  },
};

export const tenthsCount: UnitGenerator = {
  slug: 'tenths',
  unit: '분수와 소수',
  standard: '소수의 뜻',
  difficulty: 1,
  make(rng) {
    const k = rng.int(11, 59);
    if (k % 10 === 0) return null;
    return {
      prompt: `0.1이 ${k}개인 수는?`,
      answer: decimal(k, 1),
      distractors: [String(k), decimal(k, 2), decimal(k + 1, 1)],
      explanation: `0.1이 10개면 1이에요. 0.1이 ${k}개면 ${josa(decimal(k, 1), '이에요')}.`,
      verify: `0.1 * ${k}`,
    };
  },
};

export const hoursToMinutes: UnitGenerator = {
  slug: 'time',
  unit: '시간 계산',
  standard: '시간과 분의 관계',
  difficulty: 1,
  make(rng) {
    const h = rng.int(1, 4);
    const m = rng.int(5, 55);
    const value = h * 60 + m;
    return {
      prompt: `${h}시간 ${m}분은 모두 몇 분일까요?`,
      answer: `${value}분`,
      distractors: numericDistractors(value, [h * 100 + m, h * 10 + m, h + m], (n) => `${n}분`),
      explanation: `1시간은 60분이에요. ${h}시간은 ${h * 60}분이고 ${m}분을 더하면 ${value}분이에요.`,
      verify: `${h} * 60 + ${m}`,
    };
  },
};

export const bigNumber: UnitGenerator = {
  slug: 'big-number',
  unit: '큰 수',
  standard: '다섯 자리 이상의 수',
  difficulty: 1,
  make(rng) {
    const man = rng.int(2, 98);
    const cheon = rng.int(1, 9);
    const value = man * 10000 + cheon * 1000;
    return {
      prompt: `10000이 ${man}개, 1000이 ${cheon}개인 수는?`,
      answer: num(value),
      distractors: numericDistractors(
        value,
        [man * 1000 + cheon * 100, man * 100000 + cheon * 1000, man * 10000 + cheon * 100],
        num,
      ),
      explanation: `10000이 ${man}개면 ${num(man * 10000)}, 1000이 ${cheon}개면 ${josa(num(cheon * 1000), '이에요')}. 더하면 ${josa(num(value), '이에요')}.`,
      verify: `${man} * 10000 + ${cheon} * 1000`,
    };
  },
};

export const mul3x2: UnitGenerator = {
  slug: 'mul-3x2',
  unit: '곱셈과 나눗셈',
  standard: '(세 자리 수) × (두 자리 수)',
  difficulty: 2,
  make(rng) {
    const a = rng.int(112, 489);
    const b = rng.int(12, 39);
    const tens = Math.floor(b / 10);
    const noShift = a * tens + a * (b % 10);
    return {
      prompt: `${a} × ${b}의 값은?`,
      answer: num(a * b),
      distractors: numericDistractors(a * b, [noShift, a * b + 100, a * (b + 1)], num),
      explanation: `${a} × ${b % 10} = ${num(a * (b % 10))}, ${a} × ${tens * 10} = ${josa(num(a * tens * 10), '을')} 더해요. 십의 자리 곱을 한 칸 밀어 쓰지 않으면 ${josa(num(noShift), '이')} 돼요. 답은 ${josa(num(a * b), '이에요')}.`,
      verify: `${a} * ${b}`,
    };
  },
};

export const divide2: UnitGenerator = {
  slug: 'div-2d',
  unit: '곱셈과 나눗셈',
  standard: '(세 자리 수) ÷ (두 자리 수)',
  difficulty: 2,
  make(rng) {
    const b = rng.int(12, 35);
    const q = rng.int(3, 9);
    const r = rng.int(1, b - 1);
    const a = b * q + r;
    return {
      prompt: `${a} ÷ ${b}의 몫은? (나머지는 버려요)`,
      answer: String(q),
      distractors: numericDistractors(q, [q + 1, q - 1, r]),
      explanation: `${b} × ${q} = ${josa(b * q, '이고')} ${b} × ${q + 1} = ${josa(b * (q + 1), '은')} ${a}보다 커요. 그래서 몫은 ${q}, 나머지는 ${josa(r, '이에요')}.`,
      verify: `(${a} - ${r}) / ${b}`,
    };
  },
};

export const fractionSameDenominator: UnitGenerator = {
  slug: 'frac-same',
  unit: '분수의 덧셈과 뺄셈',
  standard: '분모가 같은 분수의 덧셈',
  difficulty: 1,
  make(rng) {
    const d = rng.pick([5, 7, 11, 13]);
    const a = rng.int(1, d - 2);
    const b = rng.int(1, d - 1 - a);
    return {
      prompt: `${a}/${d} + ${b}/${d}의 값은?`,
      answer: `${a + b}/${d}`,
      distractors: [`${a + b}/${2 * d}`, `${a * b}/${d}`, `${a + b + 1}/${d}`],
      explanation: `분모가 같으면 분자끼리만 더해요. 분모까지 더해 ${a + b}/${josa(2 * d, '으로')} 쓰면 틀려요. ${a} + ${b} = ${josa(a + b, '이니까')} ${a + b}/${josa(d, '이에요')}.`,
      verify: `${a} / ${d} + ${b} / ${d}`,
    };
  },
};

export const decimalAdd: UnitGenerator = {
  slug: 'decimal-add',
  unit: '소수의 덧셈과 뺄셈',
  standard: '소수의 덧셈',
  difficulty: 2,
  make(rng) {
    const tenths = rng.int(12, 89);
    const hundredths = rng.int(11, 99);
    if (tenths % 10 === 0 || hundredths % 10 === 0) return null;
    const sum = tenths * 10 + hundredths;
    const aligned = tenths + hundredths;
    return {
      prompt: `${decimal(tenths, 1)} + ${decimal(hundredths, 2)}의 값은?`,
      answer: decimal(sum, 2),
      distractors: [decimal(aligned, 2), decimal(aligned, 1), decimal(sum + 10, 2)],
      explanation: `소수점끼리 줄을 맞춰 더해요. ${josa(decimal(tenths, 1), '은')} ${josa(decimal(tenths * 10, 2).padEnd(4, '0'), '과')} 같아요. 끝자리끼리 맞추면 ${decimal(aligned, 2)}처럼 틀려요. 답은 ${josa(decimal(sum, 2), '이에요')}.`,
      verify: `${decimal(tenths, 1)} + ${decimal(hundredths, 2)}`,
    };
  },
};

export const triangleAngle: UnitGenerator = {
  slug: 'angle',
  unit: '각도',
  standard: '삼각형의 세 각의 크기의 합',
  difficulty: 2,
  make(rng) {
    const a = rng.int(3, 12) * 5;
    const b = rng.int(4, 16) * 5;
    const c = 180 - a - b;
    if (c <= 0) return null;
    return {
      prompt: `삼각형의 두 각이 ${a}°, ${b}°일 때 나머지 한 각은 몇 도일까요?`,
      answer: `${c}°`,
      distractors: numericDistractors(c, [360 - a - b, a + b, 90 - a], (n) => `${n}°`).filter(
        (d) => !d.startsWith('-'),
      ),
      explanation: `삼각형 세 각의 합은 180°예요(사각형은 360°). 180 - ${a} - ${b} = ${josa(c, '이에요')}.`,
      verify: `180 - ${a} - ${b}`,
    };
  },
};

export const mixedOperations: UnitGenerator = {
  slug: 'mixed-ops',
  unit: '자연수의 혼합 계산',
  standard: '덧셈, 뺄셈, 곱셈이 섞인 식',
  difficulty: 2,
  make(rng) {
    const a = rng.int(3, 20);
    const b = rng.int(2, 9);
    const c = rng.int(2, 9);
    const d = rng.int(1, 9);
    const right = a + b * c - d;
    const leftToRight = (a + b) * c - d;
    return {
      prompt: `${a} + ${b} × ${c} - ${d}의 값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [leftToRight, a + b * (c - d), right + d * 2]),
      explanation: `곱셈을 먼저 해요. ${b} × ${c} = ${b * c}, 그다음 앞에서부터 ${a} + ${b * c} - ${d} = ${josa(right, '이에요')}. 앞에서부터 바로 계산하면 ${josa(leftToRight, '이')} 돼요.`,
      verify: `${a} + ${b} * ${c} - ${d}`,
    };
  },
};

const coprimePair = (rng: { int(min: number, max: number): number }): [number, number] | null => {
  const p = rng.int(2, 9);
  const q = rng.int(2, 9);
  return p !== q && gcd(p, q) === 1 ? [p, q] : null;
};

export const greatestCommonDivisor: UnitGenerator = {
  slug: 'gcd',
  unit: '약수와 배수',
  standard: '최대공약수',
  difficulty: 2,
  make(rng) {
    const g = rng.int(2, 12);
    const pair = coprimePair(rng);
    if (!pair) return null;
    const [a, b] = [g * pair[0], g * pair[1]];
    const divisors = [...Array(g).keys()].map((i) => i + 1).filter((k) => g % k === 0 && k < g);
    return {
      prompt: `${josa(a, '과')} ${b}의 최대공약수는?`,
      answer: String(g),
      distractors: numericDistractors(g, [
        lcm(a, b),
        divisors[divisors.length - 1] ?? 1,
        Math.abs(a - b) === g ? g * 2 : Math.abs(a - b),
      ]),
      explanation: `${a} = ${g} × ${pair[0]}, ${b} = ${g} × ${josa(pair[1], '이에요')}. ${josa(pair[0], '과')} ${josa(pair[1], '은')} 더 나눌 공약수가 없으니 최대공약수는 ${josa(g, '이에요')}. 최소공배수(${lcm(a, b)})와 헷갈리지 마세요.`,
      verify: `${a} / ${pair[0]}`,
    };
  },
};

export const leastCommonMultiple: UnitGenerator = {
  slug: 'lcm',
  unit: '약수와 배수',
  standard: '최소공배수',
  difficulty: 2,
  make(rng) {
    const g = rng.int(1, 6);
    const pair = coprimePair(rng);
    if (!pair) return null;
    const [a, b] = [g * pair[0], g * pair[1]];
    const value = lcm(a, b);
    return {
      prompt: `${josa(a, '과')} ${b}의 최소공배수는?`,
      answer: String(value),
      distractors: numericDistractors(value, [a * b, g, value * 2]),
      explanation: `${josa(a, '과')} ${b}의 배수를 차례로 쓰면 처음 겹치는 수가 ${josa(value, '이에요')}. 두 수를 그냥 곱한 ${josa(a * b, '은')} 공배수이지만 가장 작은 것은 아닐 수 있어요.`,
      verify: `${g} * ${pair[0]} * ${pair[1]}`,
    };
  },
};

export const reduceFraction: UnitGenerator = {
  slug: 'reduce',
  unit: '약분과 통분',
  standard: '기약분수',
  difficulty: 2,
  make(rng) {
    const g = rng.pick([4, 6, 8, 9, 10, 12]);
    const pair = coprimePair(rng);
    if (!pair) return null;
    const [p, q] = pair[0] < pair[1] ? pair : [pair[1], pair[0]];
    const half = g % 2 === 0 ? `${(g * p) / 2}/${(g * q) / 2}` : `${(g * p) / 3}/${(g * q) / 3}`;
    return {
      prompt: `다음 분수를 기약분수로 나타내면? ${g * p}/${g * q}`,
      answer: `${p}/${q}`,
      distractors: [half, `${q}/${p}`, `${p + 1}/${q}`],
      explanation: `분자와 분모를 최대공약수 ${josa(g, '으로')} 나눠요. ${g * p} ÷ ${g} = ${p}, ${g * q} ÷ ${g} = ${josa(q, '이라서')} ${p}/${josa(q, '이에요')}. ${josa(half, '은')} 아직 더 약분할 수 있어요.`,
      verify: `${g * p} / ${g * q}`,
    };
  },
};

export const fractionAddUnlike: UnitGenerator = {
  slug: 'frac-unlike',
  unit: '분수의 덧셈과 뺄셈',
  standard: '분모가 다른 분수의 덧셈과 뺄셈',
  difficulty: 3,
  make(rng) {
    const b = rng.int(2, 9);
    const d = rng.int(2, 9);
    if (b === d) return null;
    const a = rng.int(1, b - 1);
    const c = rng.int(1, d - 1);
    const subtract = rng.int(0, 1) === 1 && a * d > c * b;
    const op = subtract ? '-' : '+';
    const top = subtract ? a * d - c * b : a * d + c * b;
    const right = fraction(top, b * d);
    const addedDenominators = fraction(subtract ? a - c : a + c, b + d);
    return {
      prompt: `${a}/${b} ${op} ${c}/${d}의 값은? (기약분수로)`,
      answer: right,
      distractors: [
        addedDenominators,
        fraction(subtract ? a - c : a + c, b * d),
        fraction(top + 1, b * d),
      ].filter((x) => !x.startsWith('-') && x !== '0'),
      explanation: `분모를 ${josa(lcm(b, d), '으로')} 같게 통분한 뒤 분자끼리 계산해요. 분모끼리 ${op === '+' ? '더해' : '빼'} ${josa(addedDenominators, '으로')} 쓰는 실수를 조심해요. 답은 ${josa(right, '이에요')}.`,
      verify: `${a} / ${b} ${op} ${c} / ${d}`,
    };
  },
};

export const rectangleMeasures: UnitGenerator = {
  slug: 'rect',
  unit: '다각형의 둘레와 넓이',
  standard: '직사각형의 둘레와 넓이',
  difficulty: 1,
  make(rng) {
    const w = rng.int(3, 15);
    const h = rng.int(2, 12);
    if (w === h) return null;
    const askArea = rng.int(0, 1) === 1;
    const area = w * h;
    const perimeter = 2 * (w + h);
    return askArea
      ? {
          prompt: `가로 ${w} cm, 세로 ${h} cm인 직사각형의 넓이는 몇 cm²일까요?`,
          answer: `${area} cm²`,
          distractors: numericDistractors(area, [perimeter, w + h, area * 2], (n) => `${n} cm²`),
          explanation: `직사각형의 넓이는 가로 × 세로예요. ${w} × ${h} = ${josa(area, '이에요')}. 둘레(${perimeter} cm)와 헷갈리지 마세요.`,
          verify: `${w} * ${h}`,
        }
      : {
          prompt: `가로 ${w} cm, 세로 ${h} cm인 직사각형의 둘레는 몇 cm일까요?`,
          answer: `${perimeter} cm`,
          distractors: numericDistractors(perimeter, [w + h, area, perimeter + 2], (n) => `${n} cm`),
          explanation: `둘레는 네 변의 길이를 모두 더해요. (${w} + ${h}) × 2 = ${josa(perimeter, '이에요')}. 두 변만 더하면 ${josa(w + h, '이')} 돼요.`,
          verify: `(${w} + ${h}) * 2`,
        };
  },
};

export const triangleArea: UnitGenerator = {
  slug: 'triangle-area',
  unit: '다각형의 둘레와 넓이',
  standard: '삼각형의 넓이',
  difficulty: 2,
  make(rng) {
    const base = rng.int(3, 16);
    const height = rng.int(2, 12) * (base % 2 === 0 ? 1 : 2);
    const area = (base * height) / 2;
    return {
      prompt: `밑변이 ${base} cm, 높이가 ${height} cm인 삼각형의 넓이는 몇 cm²일까요?`,
      answer: `${area} cm²`,
      distractors: numericDistractors(area, [base * height, base + height, area + base], (n) => `${n} cm²`),
      explanation: `삼각형은 같은 밑변과 높이의 평행사변형의 반이에요. ${base} × ${height} ÷ 2 = ${josa(area, '이에요')}. 2로 나누는 것을 잊으면 ${josa(base * height, '이')} 돼요.`,
      verify: `${base} * ${height} / 2`,
    };
  },
};

export const average: UnitGenerator = {
  slug: 'average',
  unit: '평균',
  standard: '평균 구하기',
  difficulty: 2,
  make(rng) {
    const n = rng.int(4, 5);
    const mean = rng.int(6, 20);
    const offsets =
      n === 4
        ? rng.pick([
            [-3, -1, 1, 3],
            [-2, -2, 1, 3],
            [-4, 0, 1, 3],
            [-5, 1, 2, 2],
          ])
        : rng.pick([
            [-3, -1, 0, 1, 3],
            [-4, -2, 1, 2, 3],
            [-2, -2, 0, 1, 3],
          ]);
    const values = rng.shuffle(offsets.map((o) => mean + o));
    const sum = values.reduce((s, v) => s + v, 0);
    return {
      prompt: `${n}명이 읽은 책의 수가 ${values.join(', ')}권이에요. 평균은 몇 권일까요?`,
      answer: `${mean}권`,
      distractors: numericDistractors(
        mean,
        [sum, mean + 1, values[Math.floor(n / 2)] ?? mean - 1],
        (x) => `${x}권`,
      ),
      explanation: `평균은 모두 더한 값을 사람 수로 나눠요. 합은 ${sum}권이고 ${sum} ÷ ${n} = ${mean}권이에요.`,
      verify: `(${values.join(' + ')}) / ${n}`,
    };
  },
};

export const fractionDivide: UnitGenerator = {
  slug: 'frac-div',
  unit: '분수의 나눗셈',
  standard: '(분수) ÷ (분수)',
  difficulty: 2,
  make(rng) {
    const b = rng.int(2, 9);
    const d = rng.int(2, 9);
    const a = rng.int(1, b - 1);
    const c = rng.int(1, d - 1);
    const right = fraction(a * d, b * c);
    const noFlip = fraction(a * c, b * d);
    if (right === noFlip) return null;
    return {
      prompt: `${a}/${b} ÷ ${c}/${d}의 값은? (기약분수로)`,
      answer: right,
      distractors: [noFlip, fraction(b * c, a * d), fraction(a * d + 1, b * c)],
      explanation: `나누는 분수를 뒤집어 곱해요: ${a}/${b} × ${d}/${c} = ${right}. 뒤집지 않고 곱하면 ${josa(noFlip, '이')} 돼요.`,
      verify: `(${a} / ${b}) / (${c} / ${d})`,
    };
  },
};

export const decimalDivide: UnitGenerator = {
  slug: 'dec-div',
  unit: '소수의 나눗셈',
  standard: '(소수) ÷ (자연수)',
  difficulty: 2,
  make(rng) {
    const divisor = rng.int(2, 9);
    const quotientTenths = rng.int(11, 49);
    if (quotientTenths % 10 === 0) return null;
    const dividend = divisor * quotientTenths;
    return {
      prompt: `${decimal(dividend, 1)} ÷ ${divisor}의 값은?`,
      answer: decimal(quotientTenths, 1),
      distractors: [String(quotientTenths), decimal(quotientTenths, 2), decimal(quotientTenths + 1, 1)],
      explanation: `${dividend} ÷ ${divisor} = ${josa(quotientTenths, '을')} 먼저 구하고, 나누어지는 수의 소수점 자리에 맞춰 점을 찍으면 ${josa(decimal(quotientTenths, 1), '이에요')}.`,
      verify: `${decimal(dividend, 1)} / ${divisor}`,
    };
  },
};

export const percent: UnitGenerator = {
  slug: 'percent',
  unit: '비와 비율',
  standard: '백분율',
  difficulty: 2,
  make(rng) {
    const total = rng.pick([20, 25, 40, 50]);
    const part = rng.int(1, total - 1);
    if ((part * 100) % total !== 0) return null;
    const pct = (part * 100) / total;
    return {
      prompt: `반 학생 ${total}명 중 ${part}명이 안경을 써요. 안경을 쓴 학생은 전체의 몇 %일까요?`,
      answer: `${pct}%`,
      distractors: numericDistractors(
        pct,
        [part, 100 - pct, Math.round((total * 100) / part)],
        (n) => `${n}%`,
      ),
      explanation: `비율은 ${part}/${josa(total, '이에요')}. 백분율은 비율에 100을 곱해요: ${part} ÷ ${total} × 100 = ${pct}%예요.`,
      verify: `${part} / ${total} * 100`,
    };
  },
};

export const proportionEquation: UnitGenerator = {
  slug: 'proportion',
  unit: '비례식과 비례배분',
  standard: '비례식의 성질',
  difficulty: 2,
  make(rng) {
    const a = rng.int(2, 9);
    const b = rng.int(2, 12);
    const k = rng.int(2, 6);
    if (a === b) return null;
    const c = a * k;
    const x = b * k;
    return {
      prompt: `비례식 ${a} : ${b} = ${c} : □ 에서 □ 안에 알맞은 수는?`,
      answer: String(x),
      distractors: numericDistractors(x, [
        b + (c - a),
        (a * b) / c > 0 && Number.isInteger((a * b) / c) ? (a * b) / c : c * b,
        b * a,
      ]),
      explanation: `외항의 곱과 내항의 곱은 같아요: ${a} × □ = ${b} × ${c}. □ = ${b * c} ÷ ${a} = ${josa(x, '이에요')}.`,
      verify: `${b} * ${c} / ${a}`,
    };
  },
};

export const proportionalShare: UnitGenerator = {
  slug: 'share',
  unit: '비례식과 비례배분',
  standard: '비례배분',
  difficulty: 3,
  make(rng) {
    const p = rng.int(1, 5);
    const q = rng.int(2, 7);
    if (p >= q || gcd(p, q) !== 1) return null;
    const total = (p + q) * rng.int(3, 12);
    const small = (total * p) / (p + q);
    return {
      prompt: `구슬 ${total}개를 형과 동생이 ${q} : ${josa(p, '으로')} 나누어 가지면 동생은 몇 개를 가질까요?`,
      answer: `${small}개`,
      distractors: numericDistractors(
        small,
        [total - small, total / p, (total * p) / q],
        (n) => `${n}개`,
      ).filter((s) => /^\d+개$/.test(s)),
      explanation: `전체를 ${q} + ${p} = ${josa(p + q, '으로')} 보고 동생은 그중 ${josa(p, '이에요')}. ${total} × ${p}/${p + q} = ${small}개예요.`,
      verify: `${total} * ${p} / ${p + q}`,
    };
  },
};

export const circleArea: UnitGenerator = {
  slug: 'circle',
  unit: '원의 넓이',
  standard: '원의 넓이 (원주율 3.14)',
  difficulty: 2,
  make(rng) {
    const r = rng.int(2, 12);
    const askArea = rng.int(0, 2) > 0;
    return askArea
      ? {
          prompt: `반지름이 ${r} cm인 원의 넓이는 몇 cm²일까요? (원주율 3.14)`,
          answer: decimal(314 * r * r, 2),
          distractors: [decimal(628 * r, 2), decimal(314 * r, 2), decimal(314 * 4 * r * r, 2)],
          explanation: `원의 넓이는 반지름 × 반지름 × 원주율이에요. ${r} × ${r} × 3.14 = ${josa(decimal(314 * r * r, 2), '이에요')}. 지름을 두 번 곱하면 4배가 돼요.`,
          verify: `${r} * ${r} * 3.14`,
        }
      : {
          prompt: `반지름이 ${r} cm인 원의 둘레(원주)는 몇 cm일까요? (원주율 3.14)`,
          answer: decimal(628 * r, 2),
          distractors: [decimal(314 * r, 2), decimal(314 * r * r, 2), decimal(628 * r * 2, 2)],
          explanation: `원주는 지름 × 원주율이에요. 지름은 ${2 * r} cm이니까 ${2 * r} × 3.14 = ${josa(decimal(628 * r, 2), '이에요')}.`,
          verify: `${2 * r} * 3.14`,
        };
  },
};

export const cuboidVolume: UnitGenerator = {
  slug: 'cuboid',
  unit: '직육면체의 부피',
  standard: '직육면체의 부피와 겉넓이',
  difficulty: 2,
  make(rng) {
    const a = rng.int(2, 9);
    const b = rng.int(2, 9);
    const c = rng.int(2, 9);
    const volume = a * b * c;
    const surface = 2 * (a * b + b * c + a * c);
    return {
      prompt: `가로 ${a} cm, 세로 ${b} cm, 높이 ${c} cm인 직육면체의 부피는 몇 cm³일까요?`,
      answer: `${volume} cm³`,
      distractors: numericDistractors(volume, [surface, a + b + c, a * b], (n) => `${n} cm³`),
      explanation: `부피는 가로 × 세로 × 높이예요. ${a} × ${b} × ${c} = ${josa(volume, '이에요')}. 겉넓이(${surface} cm²)와 헷갈리지 마세요.`,
      verify: `${a} * ${b} * ${c}`,
    };
  },
};
