import { josa } from './particles';
import { fraction, numericDistractors, paren, signed, type UnitGenerator } from './build';
import { nonZero, power, term } from './math-middle';
import type { Rng } from './prng';

/**
 * High-school math: 고1–고2 (2022 revision: 공통수학1·2, 대수, 미적분Ⅰ, 확률과 통계) and 고3
 * (2015 revision: 수학Ⅰ·Ⅱ, 확률과 통계). `verify` may use sqrt, sin, cos, tan (radians), pi,
 * log(base, x) and ^ — a test evaluates it with its own evaluator, so trigonometry and logarithms
 * are recomputed by Math, not by a table shared with the generator.
 */

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const choose = (n: number, r: number): number => factorial(n) / (factorial(r) * factorial(n - r));
const permute = (n: number, r: number): number => factorial(n) / factorial(n - r);

export const polynomialProduct: UnitGenerator = {
  slug: 'poly',
  unit: '다항식의 연산',
  standard: '[10공수1-01-01] 다항식의 사칙연산',
  difficulty: 2,
  make(rng) {
    const a = nonZero(rng, 5);
    const b = rng.int(-5, 5);
    const c = nonZero(rng, 6);
    const right = c + a * b;
    return {
      prompt: `(x ${signed(a)})(x² ${signed(b)}x ${signed(c)})의 전개식에서 x의 계수는?`,
      answer: String(right),
      distractors: numericDistractors(right, [c, a * b, a + b + c]),
      explanation: `x항은 x × ${josa(paren(c), '과')} ${paren(a)} × ${paren(b)}x에서 나와요. ${c} + ${paren(a * b)} = ${josa(right, '이에요')}.`,
      verify: `${paren(c)} + ${paren(a)} * ${paren(b)}`,
    };
  },
};

export const remainderTheorem: UnitGenerator = {
  slug: 'remainder',
  unit: '나머지정리',
  standard: '[10공수1-01-03] 나머지정리',
  difficulty: 2,
  make(rng) {
    const a = nonZero(rng, 4);
    const b = nonZero(rng, 6);
    const c = nonZero(rng, 9);
    const r = nonZero(rng, 3);
    const value = r ** 3 + a * r * r + b * r + c;
    const wrongSide = -(r ** 3) + a * r * r - b * r + c;
    return {
      prompt: `다항식 P(x) = x³ ${signed(a)}x² ${signed(b)}x ${signed(c)}에 대하여, P(x)를 x ${josa(signed(-r), '으로')} 나눈 나머지는?`,
      answer: String(value),
      distractors: numericDistractors(value, [wrongSide, c, value + r]),
      explanation: `나머지정리: x - (${r})로 나눈 나머지는 P(${r})예요. ${paren(r)}³ ${signed(a)}·${paren(r)}² ${signed(b)}·${paren(r)} ${signed(c)} = ${value}. P(${-r})를 계산하면 틀려요.`,
      verify: `${paren(r)} ^ 3 + ${paren(a)} * ${paren(r)} ^ 2 + ${paren(b)} * ${paren(r)} + ${paren(c)}`,
    };
  },
};

export const complexProduct: UnitGenerator = {
  slug: 'complex',
  unit: '복소수',
  standard: '[10공수1-02-01] 복소수의 사칙연산',
  difficulty: 2,
  make(rng) {
    const a = nonZero(rng, 5);
    const b = nonZero(rng, 5);
    const c = nonZero(rng, 5);
    const d = nonZero(rng, 5);
    const real = a * c - b * d;
    const imag = a * d + b * c;
    const askReal = rng.int(0, 1) === 1;
    const right = askReal ? real : imag;
    return {
      prompt: `(${a} ${signed(b)}i)(${c} ${signed(d)}i) = p + qi 일 때 ${askReal ? 'p' : 'q'}의 값은? (p, q는 실수)`,
      answer: String(right),
      distractors: numericDistractors(
        right,
        askReal ? [a * c + b * d, a * c, imag] : [a * d - b * c, b * d, real],
      ),
      explanation: `i² = -1이에요. 전개하면 ${a * c} ${signed(a * d)}i ${signed(b * c)}i ${signed(b * d)}i²이고, i²항은 ${josa(-b * d, '이')} 돼요. p = ${real}, q = ${josa(imag, '이에요')}.`,
      verify: askReal
        ? `${paren(a)} * ${paren(c)} - ${paren(b)} * ${paren(d)}`
        : `${paren(a)} * ${paren(d)} + ${paren(b)} * ${paren(c)}`,
    };
  },
};

export const rootsSymmetric: UnitGenerator = {
  slug: 'vieta',
  unit: '이차방정식과 이차함수',
  standard: '[10공수1-02-03] 근과 계수의 관계',
  difficulty: 3,
  make(rng) {
    const p = nonZero(rng, 7);
    const q = nonZero(rng, 9);
    const right = p * p - 2 * q;
    return {
      prompt: `이차방정식 x² ${signed(p)}x ${signed(q)} = 0 의 두 근을 α, β라 할 때 α² + β² 의 값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [p * p + 2 * q, p * p - q, -p - 2 * q]),
      explanation: `α + β = ${-p}, αβ = ${josa(q, '이에요')}. α² + β² = (α + β)² - 2αβ = ${p * p} - ${paren(2 * q)} = ${josa(right, '이에요')}.`,
      verify: `${paren(-p)} ^ 2 - 2 * ${paren(q)}`,
    };
  },
};

export const quadraticMaximum: UnitGenerator = {
  slug: 'quad-max',
  unit: '이차방정식과 이차함수',
  standard: '[10공수1-02-06] 이차함수의 최대와 최소',
  difficulty: 3,
  make(rng) {
    const p = nonZero(rng, 5);
    const q = rng.int(-6, 8);
    const right = p * p + q;
    return {
      prompt: `이차함수 y = -x² ${signed(2 * p)}x ${signed(q)}의 최댓값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [q, q - p * p, 2 * p + q]),
      explanation: `y = -(x ${signed(-p)})² ${josa(signed(p * p + q), '으로')} 바꾸면 x = ${p}에서 최댓값 ${josa(right, '을')} 가져요.`,
      verify: `-(${paren(p)} ^ 2) + 2 * ${paren(p)} * ${paren(p)} + ${paren(q)}`,
    };
  },
};

export const countingArrangements: UnitGenerator = {
  slug: 'counting',
  unit: '경우의 수',
  standard: '[10공수1-03-02] 순열과 조합',
  difficulty: 2,
  make(rng) {
    const n = rng.int(4, 9);
    const r = rng.int(2, Math.min(4, n - 1));
    const ordered = rng.int(0, 1) === 1;
    const right = ordered ? permute(n, r) : choose(n, r);
    return ordered
      ? {
          prompt: `학생 ${n}명 중 ${r}명을 뽑아 한 줄로 세우는 경우의 수는?`,
          answer: String(right),
          distractors: numericDistractors(right, [choose(n, r), n ** r, n * r]),
          explanation: `순서가 있으니 순열이에요: ${n}P${r} = ${Array.from({ length: r }, (_, i) => n - i).join(' × ')} = ${right}.`,
          verify: `${Array.from({ length: r }, (_, i) => n - i).join(' * ')}`,
        }
      : {
          prompt: `학생 ${n}명 중 대표 ${r}명을 뽑는 경우의 수는?`,
          answer: String(right),
          distractors: numericDistractors(right, [permute(n, r), n * r, n ** r]),
          explanation: `순서가 없으니 조합이에요: ${n}C${r} = ${n}P${r} ÷ ${r}! = ${permute(n, r)} ÷ ${factorial(r)} = ${right}.`,
          verify: `(${Array.from({ length: r }, (_, i) => n - i).join(' * ')}) / (${Array.from({ length: r }, (_, i) => r - i).join(' * ')})`,
        };
  },
};

export const matrixProduct: UnitGenerator = {
  slug: 'matrix',
  unit: '행렬',
  standard: '[10공수1-04-02] 행렬의 연산',
  difficulty: 2,
  make(rng) {
    const m = Array.from({ length: 8 }, () => rng.int(-3, 5));
    const [a, b, c, d, e, f, g, h] = m as [number, number, number, number, number, number, number, number];
    const row = rng.int(1, 2);
    const col = rng.int(1, 2);
    const left = row === 1 ? [a, b] : [c, d];
    const right = col === 1 ? [e, g] : [f, h];
    const value = (left[0] ?? 0) * (right[0] ?? 0) + (left[1] ?? 0) * (right[1] ?? 0);
    const wrongCol = col === 1 ? [e, f] : [g, h];
    const wrong = (left[0] ?? 0) * (wrongCol[0] ?? 0) + (left[1] ?? 0) * (wrongCol[1] ?? 0);
    return {
      prompt: `A = (${a} ${b} / ${c} ${d}), B = (${e} ${f} / ${g} ${h})일 때 AB의 (${row}, ${col}) 성분은? (/ 앞이 1행, 뒤가 2행)`,
      answer: String(value),
      distractors: numericDistractors(value, [
        wrong,
        (left[0] ?? 0) * (right[0] ?? 0),
        (left[0] ?? 0) + (right[0] ?? 0),
      ]),
      explanation: `AB의 (${row}, ${col}) 성분은 A의 ${row}행과 B의 ${col}열을 차례로 곱해 더해요: ${paren(left[0] ?? 0)}×${paren(right[0] ?? 0)} + ${paren(left[1] ?? 0)}×${paren(right[1] ?? 0)} = ${value}.`,
      verify: `${paren(left[0] ?? 0)} * ${paren(right[0] ?? 0)} + ${paren(left[1] ?? 0)} * ${paren(right[1] ?? 0)}`,
    };
  },
};

export const pointDistance: UnitGenerator = {
  slug: 'distance',
  unit: '도형의 방정식',
  standard: '[10공수2-01-01] 두 점 사이의 거리와 내분점',
  difficulty: 2,
  make(rng) {
    const x1 = rng.int(-5, 5);
    const y1 = rng.int(-5, 5);
    if (rng.int(0, 1) === 1) {
      const k = rng.int(1, 3);
      const [dx, dy] = rng.pick([
        [3, 4],
        [4, 3],
        [5, 12],
        [12, 5],
        [6, 8],
        [8, 6],
      ] as const);
      const sx = rng.int(0, 1) === 1 ? -1 : 1;
      const sy = rng.int(0, 1) === 1 ? -1 : 1;
      const x2 = x1 + sx * dx * k;
      const y2 = y1 + sy * dy * k;
      const right = Math.sqrt(dx * dx + dy * dy) * k;
      return {
        prompt: `두 점 A(${x1}, ${y1}), B(${x2}, ${y2}) 사이의 거리는?`,
        answer: String(right),
        distractors: numericDistractors(right, [(dx + dy) * k, right * right, Math.abs(x2 - x1)]),
        explanation: `AB = √((x₂ - x₁)² + (y₂ - y₁)²) = √(${(dx * k) ** 2} + ${(dy * k) ** 2}) = ${josa(right, '이에요')}.`,
        verify: `sqrt((${x2} - ${paren(x1)}) ^ 2 + (${y2} - ${paren(y1)}) ^ 2)`,
      };
    }
    const m = rng.int(1, 3);
    const n = rng.int(1, 3);
    if (m === n) return null;
    const step = rng.int(-3, 3) || 2;
    const x2 = x1 + (m + n) * step;
    const right = (m * x2 + n * x1) / (m + n);
    const swapped = (n * x2 + m * x1) / (m + n);
    return {
      prompt: `두 점 A(${x1}, ${y1}), B(${x2}, ${y1 + 2})를 이은 선분 AB를 ${m} : ${josa(n, '으로')} 내분하는 점의 x좌표는?`,
      answer: String(right),
      distractors: numericDistractors(right, [
        swapped,
        (x1 + x2) / 2 === right ? right + step : (x1 + x2) / 2,
        x1 + m,
      ]),
      explanation: `내분점의 x좌표 = (${m} × ${paren(x2)} + ${n} × ${paren(x1)}) ÷ (${m} + ${n}) = ${josa(right, '이에요')}. m은 B 쪽, n은 A 쪽에 곱해요.`,
      verify: `(${m} * ${paren(x2)} + ${n} * ${paren(x1)}) / (${m} + ${n})`,
    };
  },
};

export const logarithms: UnitGenerator = {
  slug: 'log',
  unit: '지수와 로그',
  standard: '[12대수01-03] 로그의 성질',
  difficulty: 2,
  make(rng) {
    const base = rng.pick([2, 3, 5]);
    const m = rng.int(1, base === 2 ? 6 : 3);
    const n = rng.int(1, base === 2 ? 5 : 3);
    if (rng.int(0, 1) === 1) {
      const right = m + n;
      return {
        prompt: `log_${base} ${base ** m} + log_${base} ${base ** n}의 값은?`,
        answer: String(right),
        distractors: numericDistractors(right, [m * n, base ** m + base ** n, right + 1]),
        explanation: `log_${base} ${base ** m} = ${m}, log_${base} ${base ** n} = ${josa(n, '이에요')}(${josa(base, '을')} 몇 번 곱했는지). 더하면 ${josa(right, '이에요')}. 로그의 합은 진수의 곱 log_${base} ${josa(base ** (m + n), '과')} 같아요.`,
        verify: `log(${base}, ${base ** m}) + log(${base}, ${base ** n})`,
      };
    }
    const k = m + n;
    return {
      prompt: `${power(base, m)} × ${power(base, n)} = ${base}^k 일 때 k의 값은?`,
      answer: String(k),
      distractors: numericDistractors(k, [m * n, k + 1, Math.abs(m - n) || k + 2]),
      explanation: `밑이 같은 거듭제곱의 곱은 지수끼리 더해요: ${m} + ${n} = ${k}.`,
      verify: `log(${base}, ${base} ^ ${m} * ${base} ^ ${n})`,
    };
  },
};

/** Angles whose sine and cosine are rational: (degrees, radians as "k*pi/6" text). */
const RATIONAL_ANGLES = [0, 30, 90, 150, 180, 210, 270, 330, 60, 120, 240, 300] as const;
const sinTable: Record<number, [number, number]> = {
  0: [0, 1],
  30: [1, 2],
  90: [1, 1],
  150: [1, 2],
  180: [0, 1],
  210: [-1, 2],
  270: [-1, 1],
  330: [-1, 2],
};
const cosTable: Record<number, [number, number]> = {
  0: [1, 1],
  60: [1, 2],
  90: [0, 1],
  120: [-1, 2],
  180: [-1, 1],
  240: [-1, 2],
  270: [0, 1],
  300: [1, 2],
};

const radians = (degrees: number): string => {
  if (degrees === 0) return '0';
  const n = degrees / 30;
  const whole = fraction(n, 6);
  const [top, bottom] = whole.split('/');
  const numerator = top === '1' ? 'π' : `${top}π`;
  return bottom ? `${numerator}/${bottom}` : numerator;
};

export const trigValues: UnitGenerator = {
  slug: 'trig',
  unit: '삼각함수',
  standard: '[12대수02-01] 삼각함수의 뜻',
  difficulty: 2,
  make(rng) {
    const pickAngle = (table: Record<number, [number, number]>): number =>
      rng.pick(RATIONAL_ANGLES.filter((a) => table[a] !== undefined));
    const s = pickAngle(sinTable);
    const c = pickAngle(cosTable);
    const [sn, sd] = sinTable[s] as [number, number];
    const [cn, cd] = cosTable[c] as [number, number];
    const right = fraction(sn * cd + cn * sd, sd * cd);
    const flipped = fraction(-sn * cd + cn * sd, sd * cd);
    return {
      prompt: `sin(${radians(s)}) + cos(${radians(c)})의 값은?`,
      answer: right,
      distractors: [
        flipped,
        fraction(sn * cd - cn * sd, sd * cd),
        fraction(sn * cd + cn * sd + sd * cd, sd * cd),
      ].filter((d) => d !== right),
      explanation: `단위원에서 읽어요. sin(${radians(s)}) = ${fraction(sn, sd)}, cos(${radians(c)}) = ${josa(fraction(cn, cd), '이라서')} 합은 ${josa(right, '이에요')}. 어느 사분면인지에 따라 부호가 바뀌어요.`,
      verify: `sin(${s} * pi / 180) + cos(${c} * pi / 180)`,
    };
  },
};

export const sequences: UnitGenerator = {
  slug: 'sequence',
  unit: '수열',
  standard: '[12대수03-02] 등차수열과 등비수열',
  difficulty: 2,
  make(rng) {
    const kind = rng.int(0, 2);
    const a = rng.int(-5, 9);
    const n = rng.int(5, 15);
    if (kind === 0) {
      const d = nonZero(rng, 6);
      const right = a + (n - 1) * d;
      return {
        prompt: `첫째항이 ${a}, 공차가 ${d}인 등차수열의 제${n}항은?`,
        answer: String(right),
        distractors: numericDistractors(right, [a + n * d, a * n + d, right - d * 2]),
        explanation: `제n항 = 첫째항 + (n - 1) × 공차 = ${a} + ${n - 1} × ${paren(d)} = ${josa(right, '이에요')}. n을 그대로 곱하면 한 번 더 더해져요.`,
        verify: `${paren(a)} + (${n} - 1) * ${paren(d)}`,
      };
    }
    if (kind === 1) {
      const d = nonZero(rng, 5);
      const right = (n * (2 * a + (n - 1) * d)) / 2;
      return {
        prompt: `첫째항이 ${a}, 공차가 ${d}인 등차수열의 첫째항부터 제${n}항까지의 합은?`,
        answer: String(right),
        distractors: numericDistractors(right, [(n * (2 * a + n * d)) / 2, n * (a + (n - 1) * d), right + a]),
        explanation: `합 = n × (첫째항 + 끝항) ÷ 2. 끝항은 ${a + (n - 1) * d}이니 ${n} × (${a} + ${paren(a + (n - 1) * d)}) ÷ 2 = ${josa(right, '이에요')}.`,
        verify: `${n} * (2 * ${paren(a)} + (${n} - 1) * ${paren(d)}) / 2`,
      };
    }
    const first = rng.int(1, 5);
    const r = rng.pick([2, 3, -2]);
    const m = rng.int(3, 6);
    const right = first * r ** (m - 1);
    return {
      prompt: `첫째항이 ${first}, 공비가 ${r}인 등비수열의 제${m}항은?`,
      answer: String(right),
      distractors: numericDistractors(right, [first * r ** m, first * r * (m - 1), first + r * (m - 1)]),
      explanation: `제n항 = 첫째항 × 공비^(n - 1) = ${first} × ${paren(r)}^${m - 1} = ${josa(right, '이에요')}.`,
      verify: `${first} * ${paren(r)} ^ (${m} - 1)`,
    };
  },
};

export const limits: UnitGenerator = {
  slug: 'limit',
  unit: '함수의 극한',
  standard: '[12미적Ⅰ-01-02] 함수의 극한값 계산',
  difficulty: 2,
  make(rng) {
    const a = nonZero(rng, 6);
    if (rng.int(0, 1) === 1) {
      const right = 2 * a;
      return {
        prompt: `lim(x→${a}) (x² - ${a * a}) / (x ${signed(-a)})의 값은?`,
        answer: String(right),
        distractors: numericDistractors(right, [a, 0, a * a]),
        explanation: `분자를 인수분해하면 (x ${signed(-a)})(x ${signed(a)})이라 약분돼요. x ${signed(a)}에 x = ${josa(a, '을')} 넣으면 ${josa(right, '이에요')}.`,
        verify: `${paren(a)} + ${paren(a)}`,
      };
    }
    const p = nonZero(rng, 6);
    const q = rng.int(1, 6);
    const right = fraction(p, q);
    return {
      prompt: `lim(x→∞) (${term(p)}² ${signed(a)}x + 1) / (${term(q)}² - 3)의 값은?`,
      answer: right,
      distractors: [fraction(a, q), fraction(q, p), fraction(p, 3)].filter((d) => d !== right),
      explanation: `분모의 최고차항 x²로 분자와 분모를 나누면 나머지 항은 0으로 가요. 최고차항 계수의 비를 구하면 ${josa(right, '이에요')} (${p} ÷ ${q}).`,
      verify: `${paren(p)} / ${q}`,
    };
  },
};

export const derivativeAtPoint: UnitGenerator = {
  slug: 'derivative',
  unit: '미분',
  standard: '[12미적Ⅰ-02-03] 다항함수의 미분',
  difficulty: 2,
  make(rng) {
    const a = nonZero(rng, 3);
    const b = nonZero(rng, 4);
    const c = nonZero(rng, 6);
    const d = nonZero(rng, 9);
    const k = rng.int(-3, 3);
    const right = 3 * a * k * k + 2 * b * k + c;
    const valueAtK = a * k ** 3 + b * k * k + c * k + d;
    return {
      prompt: `f(x) = ${term(a)}³ ${signed(b)}x² ${signed(c)}x ${signed(d)} 일 때 f'(${k})의 값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [valueAtK, 3 * a * k + 2 * b + c, right + d]),
      explanation: `f'(x) = ${3 * a}x² ${signed(2 * b)}x ${josa(signed(c), '이에요')}(지수를 앞으로 내리고 하나 줄여요). x = ${josa(k, '을')} 넣으면 ${josa(right, '이에요')}.`,
      verify: `3 * ${paren(a)} * ${paren(k)} ^ 2 + 2 * ${paren(b)} * ${paren(k)} + ${paren(c)}`,
    };
  },
};

export const definiteIntegral: UnitGenerator = {
  slug: 'integral',
  unit: '적분',
  standard: '[12미적Ⅰ-03-04] 다항함수의 정적분',
  difficulty: 3,
  make(rng) {
    const a = rng.int(1, 3) * 3;
    const b = nonZero(rng, 3) * 2;
    const c = rng.int(-5, 5);
    const k = rng.int(1, 3);
    const right = (a * k ** 3) / 3 + (b * k * k) / 2 + c * k;
    const atK = a * k * k + b * k + c;
    return {
      prompt: `∫(0부터 ${k}까지) (${a}x² ${signed(b)}x ${signed(c)}) dx 의 값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [atK, a * k ** 3 + b * k * k + c * k, 2 * a * k + b]),
      explanation: `부정적분 ${term(a / 3)}³ ${signed(b / 2)}x² ${signed(c)}x에 ${josa(k, '을')} 넣고 0을 넣은 값을 빼면 ${josa(right, '이에요')}. 적분할 때 지수를 하나 올리고 그 수로 나눠요.`,
      verify: `${a} * ${k} ^ 3 / 3 + ${paren(b)} * ${k} ^ 2 / 2 + ${paren(c)} * ${k}`,
    };
  },
};

export const drawBalls: UnitGenerator = {
  slug: 'draw',
  unit: '확률',
  standard: '[12확통02-02] 확률의 덧셈정리와 여사건',
  difficulty: 3,
  make(rng: Rng) {
    const white = rng.int(2, 6);
    const black = rng.int(2, 6);
    const total = white + black;
    const right = fraction(choose(white, 2), choose(total, 2));
    return {
      prompt: `흰 공 ${white}개와 검은 공 ${black}개가 든 주머니에서 공 2개를 동시에 꺼낼 때 둘 다 흰 공일 확률은?`,
      answer: right,
      distractors: [
        fraction(white * white, total * total),
        fraction(white, total),
        fraction(choose(white, 2), total * total),
      ].filter((d) => d !== right),
      explanation: `모든 경우는 ${total}C2 = ${choose(total, 2)}, 둘 다 흰 공인 경우는 ${white}C2 = ${josa(choose(white, 2), '이라서')} ${josa(right, '이에요')}. 꺼낸 공은 돌려놓지 않으니 (${white}/${total})²는 틀려요.`,
      verify: `(${white} * (${white} - 1) / 2) / (${total} * (${total} - 1) / 2)`,
    };
  },
};

export const binomialCoefficient: UnitGenerator = {
  slug: 'binomial',
  unit: '경우의 수',
  standard: '[12확통01-03] 이항정리',
  difficulty: 3,
  make(rng) {
    const n = rng.int(3, 6);
    const k = rng.int(1, n - 1);
    const a = rng.pick([1, 2, -1, 3]);
    const right = choose(n, k) * a ** (n - k);
    return {
      prompt: `(x ${signed(a)})${power('', n)}의 전개식에서 ${power('x', k).replace(/¹$/, '')}의 계수는?`,
      answer: String(right),
      distractors: numericDistractors(right, [choose(n, k), choose(n, k) * a ** k, right + choose(n, k)]),
      explanation: `일반항은 ${n}Cr·x^r·${paren(a)}^(${n} - r)이에요. r = ${k}이면 ${n}C${k} × ${paren(a)}^${n - k} = ${josa(right, '이에요')}.`,
      verify: `(${Array.from({ length: k }, (_, i) => n - i).join(' * ')}) / (${Array.from({ length: k }, (_, i) => k - i).join(' * ')}) * ${paren(a)} ^ ${n - k}`,
    };
  },
};

export const repeatedCounting: UnitGenerator = {
  slug: 'repetition',
  unit: '경우의 수',
  standard: '[12확통01-02] 중복순열과 중복조합',
  difficulty: 3,
  make(rng) {
    const n = rng.int(2, 5);
    const r = rng.int(2, 4);
    if (rng.int(0, 1) === 1) {
      const right = n ** r;
      return {
        prompt: `숫자 카드 ${Array.from({ length: n }, (_, i) => i + 1).join(', ')}의 숫자를 중복해서 써도 될 때 만들 수 있는 ${r}자리 수는 모두 몇 개일까요?`,
        answer: `${right}개`,
        distractors: numericDistractors(right, [r ** n, n * r, permute(Math.max(n, r), r)], (x) => `${x}개`),
        explanation: `자리마다 ${n}가지씩 고를 수 있어요: ${n}의 ${r}제곱 = ${right}개예요.`,
        verify: `${n} ^ ${r}`,
      };
    }
    const right = choose(n + r - 1, r);
    return {
      prompt: `서로 다른 ${n}종류의 사탕 중에서 중복을 허락해 ${r}개를 고르는 경우의 수는?`,
      answer: String(right),
      distractors: numericDistractors(right, [n ** r, choose(n, Math.min(r, n)), choose(n + r, r)]),
      explanation: `중복조합 ${n}H${r} = ${n + r - 1}C${r} = ${josa(right, '이에요')}.`,
      verify: `(${Array.from({ length: r }, (_, i) => n + r - 1 - i).join(' * ')}) / (${Array.from({ length: r }, (_, i) => r - i).join(' * ')})`,
    };
  },
};
