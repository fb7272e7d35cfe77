import { josa } from './particles';
import { fraction, gcd, numericDistractors, paren, signed, type UnitGenerator } from './build';
import type { Rng } from './prng';

/** Middle-school math: 중1–중2 (2022 revision) and 중3 (2015 revision). Same rules as elementary. */

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};
/** 2⁵ — exponents as superscripts so a prompt reads like the textbook. */
export const power = (base: string | number, exponent: number): string =>
  exponent === 1 && base !== ''
    ? String(base)
    : `${base}${String(exponent).replace(/\d/g, (d) => SUPERSCRIPT[d] ?? d)}`;

/** A non-zero integer in [-max, max]. */
export const nonZero = (rng: Rng, max: number): number => {
  const n = rng.int(1, max);
  return rng.int(0, 1) === 1 ? -n : n;
};

/** "3x", "-x", "x" for a coefficient of x. */
export const term = (coefficient: number, variable = 'x'): string =>
  coefficient === 1 ? variable : coefficient === -1 ? `-${variable}` : `${coefficient}${variable}`;

export const divisorCount: UnitGenerator = {
  slug: 'divisors',
  unit: '소인수분해',
  standard: '[9수01-02] 소인수분해를 이용한 약수',
  difficulty: 2,
  make(rng) {
    const a = rng.int(1, 4);
    const b = rng.int(0, 3);
    const c = rng.int(0, 2);
    if (b + c === 0) return null;
    const factors = [power(2, a), ...(b ? [power(3, b)] : []), ...(c ? [power(5, c)] : [])];
    const value = (a + 1) * (b + 1) * (c + 1);
    const n = 2 ** a * 3 ** b * 5 ** c;
    return {
      prompt: `${n} = ${factors.join(' × ')} 일 때, ${n}의 약수는 모두 몇 개일까요?`,
      answer: `${value}개`,
      distractors: numericDistractors(
        value,
        [Math.max(a, 1) * Math.max(b, 1) * Math.max(c, 1), a + b + c, a + b + c + 1],
        (x) => `${x}개`,
      ),
      explanation: `지수에 1씩 더해 곱해요: (${a} + 1) × (${b} + 1) × (${c} + 1) = ${value}. 지수 0도 고를 수 있어서 1을 더해요.`,
      verify: `(${a} + 1) * (${b} + 1) * (${c} + 1)`,
    };
  },
};

export const integerOperations: UnitGenerator = {
  slug: 'integers',
  unit: '정수와 유리수',
  standard: '[9수01-05] 정수와 유리수의 사칙계산',
  difficulty: 2,
  make(rng) {
    const a = nonZero(rng, 9);
    const b = nonZero(rng, 9);
    const d = nonZero(rng, 6);
    const c = d * rng.int(-5, 5);
    if (c === 0) return null;
    const right = a * b - c / d;
    const signSlip = a * b + c / d;
    return {
      prompt: `${paren(a)} × ${paren(b)} - ${paren(c)} ÷ ${paren(d)}의 값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [signSlip, -right, (a * b - c) / d]),
      explanation: `곱셈과 나눗셈을 먼저 해요. ${paren(a)} × ${paren(b)} = ${a * b}, ${paren(c)} ÷ ${paren(d)} = ${c / d}. ${a * b} - ${paren(c / d)} = ${josa(right, '이에요')}. 부호를 하나씩 확인해요.`,
      verify: `${paren(a)} * ${paren(b)} - ${paren(c)} / ${paren(d)}`,
    };
  },
};

export const rationalAdd: UnitGenerator = {
  slug: 'rationals',
  unit: '정수와 유리수',
  standard: '[9수01-05] 유리수의 덧셈과 뺄셈',
  difficulty: 2,
  make(rng) {
    const b = rng.int(2, 6);
    const d = rng.int(2, 6);
    if (b === d) return null;
    const a = -rng.int(1, 7);
    const c = rng.int(1, 7);
    const right = fraction(a * d + c * b, b * d);
    return {
      prompt: `(${a}/${b}) + (+${c}/${d})의 값은? (기약분수로)`,
      answer: right,
      distractors: [fraction(-a * d + c * b, b * d), fraction(a + c, b + d), fraction(a * d - c * b, b * d)],
      explanation: `통분하면 (${a * d}/${b * d}) + (${c * b}/${b * d})예요. 분자끼리 ${a * d} + ${c * b} = ${josa(a * d + c * b, '이라서')} ${josa(right, '이에요')}.`,
      verify: `(${a} / ${b}) + (${c} / ${d})`,
    };
  },
};

export const linearEquation: UnitGenerator = {
  slug: 'linear-eq',
  unit: '일차방정식',
  standard: '[9수02-06] 일차방정식의 풀이',
  difficulty: 2,
  make(rng) {
    const x = rng.int(-6, 9);
    const a = rng.int(2, 9);
    const c = rng.int(-4, 6);
    if (a === c || c === 0) return null;
    const b = rng.int(-12, 12);
    const d = a * x + b - c * x;
    const right = (d - b) / (a - c);
    const moved = (d + b) / (a - c);
    return {
      prompt: `방정식 ${term(a)} ${signed(b)} = ${term(c)} ${signed(d)}의 해는 x = ?`,
      answer: String(right),
      distractors: numericDistractors(right, [
        Number.isInteger(moved) ? moved : -right,
        (d - b) / (a + c) === right ? right + 3 : Math.round((d - b) / (a + c)),
        right + 1,
      ]),
      explanation: `x가 있는 항은 왼쪽, 수는 오른쪽으로 옮기며 부호를 바꿔요: ${term(a - c)} = ${d - b}. 그래서 x = ${josa(right, '이에요')}.`,
      verify: `(${d} - ${paren(b)}) / (${a} - ${paren(c)})`,
    };
  },
};

export const directProportion: UnitGenerator = {
  slug: 'proportional',
  unit: '좌표평면과 그래프',
  standard: '[9수03-03] 정비례와 반비례',
  difficulty: 2,
  make(rng) {
    const k = nonZero(rng, 6);
    const inverse = rng.int(0, 1) === 1;
    const x1 = rng.int(1, 6);
    const x2 = rng.int(2, 8);
    if (x1 === x2) return null;
    if (inverse) {
      const constant = k * 12;
      if (constant % x2 !== 0) return null;
      const y1 = constant / x1;
      if (!Number.isInteger(y1)) return null;
      const right = constant / x2;
      return {
        prompt: `y가 x에 반비례하고 x = ${x1}일 때 y = ${josa(y1, '이에요')}. x = ${x2}일 때 y의 값은?`,
        answer: String(right),
        distractors: numericDistractors(right, [(y1 / x1) * x2, y1 * x2, -right]),
        explanation: `반비례는 x × y가 일정해요. ${x1} × ${paren(y1)} = ${josa(constant, '이니까')} y = ${constant} ÷ ${x2} = ${josa(right, '이에요')}.`,
        verify: `${x1} * ${paren(y1)} / ${x2}`,
      };
    }
    const y1 = k * x1;
    const right = k * x2;
    return {
      prompt: `y가 x에 정비례하고 x = ${x1}일 때 y = ${josa(y1, '이에요')}. x = ${x2}일 때 y의 값은?`,
      answer: String(right),
      distractors: numericDistractors(right, [
        Number.isInteger((x1 * y1) / x2) ? (x1 * y1) / x2 : right + k,
        y1 + x2,
        -right,
      ]),
      explanation: `정비례는 y = ax 꼴이에요. a = ${y1} ÷ ${x1} = ${josa(k, '이니까')} y = ${k} × ${x2} = ${josa(right, '이에요')}.`,
      verify: `${paren(y1)} / ${x1} * ${x2}`,
    };
  },
};

export const polygonAngles: UnitGenerator = {
  slug: 'polygon',
  unit: '평면도형',
  standard: '[9수04-03] 다각형의 내각과 대각선',
  difficulty: 2,
  make(rng) {
    const n = rng.int(5, 14);
    const askDiagonals = rng.int(0, 1) === 1;
    if (askDiagonals) {
      const value = (n * (n - 3)) / 2;
      return {
        prompt: `${n}각형의 대각선은 모두 몇 개일까요?`,
        answer: `${value}개`,
        distractors: numericDistractors(value, [n * (n - 3), n - 3, (n * (n - 1)) / 2], (x) => `${x}개`),
        explanation: `한 꼭짓점에서 ${n - 3}개씩 그을 수 있고, 한 대각선을 두 번 세니까 ${n} × ${n - 3} ÷ 2 = ${value}개예요.`,
        verify: `${n} * (${n} - 3) / 2`,
      };
    }
    const value = 180 * (n - 2);
    return {
      prompt: `${n}각형의 내각의 크기의 합은 몇 도일까요?`,
      answer: `${value}°`,
      distractors: numericDistractors(value, [180 * n, 180 * (n - 3), 360 * (n - 2)], (x) => `${x}°`),
      explanation: `${n}각형은 한 꼭짓점에서 대각선을 그어 삼각형 ${n - 2}개로 나눌 수 있어요. 180° × ${n - 2} = ${value}°예요.`,
      verify: `180 * (${n} - 2)`,
    };
  },
};

export const median: UnitGenerator = {
  slug: 'median',
  unit: '자료의 정리',
  standard: '[9수05-01] 대푯값(중앙값, 최빈값)',
  difficulty: 2,
  make(rng) {
    const sorted = [rng.int(1, 5)];
    for (let i = 1; i < 7; i++) sorted.push((sorted[i - 1] ?? 0) + rng.int(1, 6));
    const shown = rng.shuffle(sorted);
    const middle = sorted[3] as number;
    const sum = sorted.reduce((s, v) => s + v, 0);
    if (shown[3] === middle) return null;
    return {
      prompt: `자료 ${shown.join(', ')}의 중앙값은?`,
      answer: String(middle),
      distractors: numericDistractors(middle, [
        shown[3] as number,
        Number.isInteger(sum / 7) ? sum / 7 : Math.round(sum / 7),
        sorted[4] as number,
      ]),
      explanation: `작은 것부터 늘어놓으면 ${josa(sorted.join(', '), '이에요')}. 7개 중 가운데(4번째) 값 ${josa(middle, '이')} 중앙값이에요. 순서대로 놓지 않고 가운데를 고르면 틀려요.`,
      // No verify: the test finds the median from the prompt's own numbers.
    };
  },
};

export const exponentLaws: UnitGenerator = {
  slug: 'exponents',
  unit: '식의 계산',
  standard: '[9수02-01] 지수법칙',
  difficulty: 2,
  make(rng) {
    const a = rng.int(2, 7);
    const b = rng.int(2, 6);
    const kind = rng.int(0, 2);
    if (kind === 0)
      return {
        prompt: `${power('x', a)} × ${power('x', b)} = x^□ 일 때 □ 안의 수는?`,
        answer: String(a + b),
        distractors: numericDistractors(a + b, [a * b, Math.abs(a - b), a + b + 1]),
        explanation: `밑이 같은 거듭제곱을 곱하면 지수끼리 더해요: ${a} + ${b} = ${a + b}. 지수를 곱하는 것은 (x^a)^b일 때예요.`,
        verify: `${a} + ${b}`,
      };
    if (kind === 1)
      return {
        prompt: `(${power('x', a)})${power('', b)} = x^□ 일 때 □ 안의 수는?`,
        answer: String(a * b),
        distractors: numericDistractors(a * b, [a + b, a ** b, a * b + 1]),
        explanation: `거듭제곱의 거듭제곱은 지수끼리 곱해요: ${a} × ${b} = ${a * b}.`,
        verify: `${a} * ${b}`,
      };
    const big = a + b;
    return {
      prompt: `${power('x', big)} ÷ ${power('x', b)} = x^□ 일 때 □ 안의 수는?`,
      answer: String(a),
      distractors: numericDistractors(a, [
        big / b === Math.floor(big / b) ? big / b : big + b,
        big + b,
        a + 1,
      ]),
      explanation: `밑이 같은 거듭제곱끼리 나누면 지수끼리 빼요: ${big} - ${b} = ${a}.`,
      verify: `${big} - ${b}`,
    };
  },
};

export const expandCoefficient: UnitGenerator = {
  slug: 'expand',
  unit: '식의 계산',
  standard: '[9수02-02] 다항식의 덧셈과 뺄셈',
  difficulty: 2,
  make(rng) {
    const a = rng.int(2, 5);
    const b = rng.int(1, 6);
    const c = rng.int(-5, 5);
    const d = rng.int(2, 5);
    const e = rng.int(1, 6);
    if (c === 0) return null;
    const right = a * b - d;
    const constant = a * c + d * e;
    return {
      prompt: `다음 식을 간단히 하면 px + q예요. p + q의 값은? ${a}(${term(b)} ${signed(c)}) - ${d}(x - ${e})`,
      answer: String(right + constant),
      distractors: numericDistractors(right + constant, [
        a * b + d + a * c - d * e,
        a * b - d + a * c - d * e,
        right,
      ]),
      explanation: `괄호를 풀면 ${term(a * b)} ${signed(a * c)} ${signed(-d)}x ${josa(signed(d * e), '이에요')}. 빼기 뒤 괄호는 모든 항의 부호가 바뀌어요. p = ${right}, q = ${josa(constant, '이라서')} 합은 ${josa(right + constant, '이에요')}.`,
      verify: `(${a} * ${b} - ${d}) + (${a} * ${paren(c)} + ${d} * ${e})`,
    };
  },
};

export const inequalityBound: UnitGenerator = {
  slug: 'inequality',
  unit: '일차부등식',
  standard: '[9수02-05] 일차부등식의 풀이',
  difficulty: 3,
  make(rng) {
    const a = -rng.int(2, 5);
    const k = rng.int(-4, 5);
    const b = rng.int(-9, 9);
    const c = a * k + b;
    const right = k - 1;
    return {
      prompt: `다음 부등식을 만족하는 가장 큰 정수 x는? ${term(a)} ${signed(b)} > ${c}`,
      answer: String(right),
      distractors: numericDistractors(right, [k, k + 1, -k]),
      explanation: `${term(a)} > ${c - b}의 양변을 음수 ${josa(a, '으로')} 나누면 부등호 방향이 바뀌어 x < ${josa(k, '이에요')}. 그러니 가장 큰 정수는 ${josa(right, '이에요')}.`,
      verify: `(${c} - ${paren(b)}) / ${paren(a)} - 1`,
    };
  },
};

export const linearSystem: UnitGenerator = {
  slug: 'system',
  unit: '연립일차방정식',
  standard: '[9수02-07] 연립일차방정식의 풀이',
  difficulty: 3,
  make(rng) {
    const x = rng.int(-4, 6);
    const y = rng.int(-4, 6);
    const a = rng.int(1, 4);
    const b = nonZero(rng, 4);
    const c = rng.int(1, 4);
    const d = nonZero(rng, 4);
    if (a * d - b * c === 0 || x === y) return null;
    const e = a * x + b * y;
    const f = c * x + d * y;
    return {
      prompt: `연립방정식 ${term(a)} ${signed(b)
        .replace(/(\d+)$/, '$1y')
        .replace(/ 1y$/, ' y')} = ${e}, ${term(c)} ${signed(d)
        .replace(/(\d+)$/, '$1y')
        .replace(/ 1y$/, ' y')} = ${f}의 해에서 x의 값은?`,
      answer: String(x),
      distractors: numericDistractors(x, [y, -x, x + y]),
      explanation: `한 문자를 없애요(가감법이나 대입법). 풀면 x = ${x}, y = ${josa(y, '이에요')}. 두 식에 넣어 보면 ${a * x + b * y} = ${e}, ${c * x + d * y} = ${josa(f, '으로')} 맞아요.`,
      verify: `(${e} * ${paren(d)} - ${paren(b)} * ${f}) / (${a} * ${paren(d)} - ${paren(b)} * ${c})`,
    };
  },
};

export const slope: UnitGenerator = {
  slug: 'slope',
  unit: '일차함수',
  standard: '[9수03-05] 일차함수의 기울기와 절편',
  difficulty: 2,
  make(rng) {
    const x1 = rng.int(-5, 5);
    const y1 = rng.int(-5, 5);
    const dx = nonZero(rng, 5);
    const dy = nonZero(rng, 8);
    if (Math.abs(dx) === Math.abs(dy)) return null;
    const askIntercept = rng.int(0, 1) === 1;
    const m = fraction(dy, dx);
    if (askIntercept) {
      if (dy % dx !== 0) return null;
      const k = dy / dx;
      const intercept = y1 - k * x1;
      return {
        prompt: `기울기가 ${josa(k, '이고')} 점 (${x1}, ${y1})을 지나는 직선의 y절편은?`,
        answer: String(intercept),
        distractors: numericDistractors(intercept, [y1 + k * x1, y1 - k, x1 - k * y1]),
        explanation: `y = ${k}x + b에 x = ${x1}, y = ${josa(y1, '을')} 넣으면 ${y1} = ${k * x1} + b, b = ${josa(intercept, '이에요')}.`,
        verify: `${paren(y1)} - ${paren(k)} * ${paren(x1)}`,
      };
    }
    return {
      prompt: `두 점 (${x1}, ${y1}), (${x1 + dx}, ${y1 + dy})을 지나는 직선의 기울기는?`,
      answer: m,
      distractors: [fraction(dx, dy), fraction(-dy, dx), fraction(dy + dx, dx)],
      explanation: `기울기 = (y의 증가량) ÷ (x의 증가량) = ${dy} ÷ ${dx} = ${josa(m, '이에요')}. x와 y를 거꾸로 나누면 ${josa(fraction(dx, dy), '이')} 돼요.`,
      verify: `(${y1 + dy} - ${paren(y1)}) / (${x1 + dx} - ${paren(x1)})`,
    };
  },
};

const TRIPLES: readonly [number, number, number][] = [
  [3, 4, 5],
  [5, 12, 13],
  [8, 15, 17],
  [7, 24, 25],
  [20, 21, 29],
  [9, 40, 41],
];

export const pythagoras: UnitGenerator = {
  slug: 'pythagoras',
  unit: '피타고라스 정리',
  standard: '[9수04-12] 피타고라스 정리',
  difficulty: 2,
  make(rng) {
    const [p, q, r] = rng.pick(TRIPLES);
    const k = rng.int(1, r > 20 ? 1 : 4);
    const [a, b, c] = [p * k, q * k, r * k];
    if (rng.int(0, 1) === 1)
      return {
        prompt: `직각삼각형에서 직각을 낀 두 변이 ${a}, ${b}일 때 빗변의 길이는?`,
        answer: String(c),
        distractors: numericDistractors(c, [a + b, c * c, b - a + c]),
        explanation: `빗변² = ${a}² + ${b}² = ${a * a} + ${b * b} = ${josa(c * c, '이니까')} 빗변은 ${josa(c, '이에요')}. 두 변을 그냥 더하면 ${josa(a + b, '이')} 돼요.`,
        verify: `sqrt(${a} * ${a} + ${b} * ${b})`,
      };
    return {
      prompt: `빗변이 ${c}, 다른 한 변이 ${a}인 직각삼각형의 나머지 한 변의 길이는?`,
      answer: String(b),
      distractors: numericDistractors(b, [c - a, c + a, b * b]),
      explanation: `나머지 변² = ${c}² - ${a}² = ${josa(c * c - a * a, '이니까')} 그 변은 ${josa(b, '이에요')}.`,
      verify: `sqrt(${c} * ${c} - ${a} * ${a})`,
    };
  },
};

export const simpleProbability: UnitGenerator = {
  slug: 'probability',
  unit: '확률',
  standard: '[9수05-04] 확률의 뜻과 계산',
  difficulty: 2,
  make(rng) {
    if (rng.int(0, 1) === 1) {
      const red = rng.int(1, 7);
      const blue = rng.int(1, 8);
      const right = fraction(red, red + blue);
      return {
        prompt: `주머니에 빨간 공 ${red}개, 파란 공 ${blue}개가 있어요. 한 개를 꺼낼 때 빨간 공일 확률은?`,
        answer: right,
        distractors: [fraction(red, blue), fraction(blue, red + blue), fraction(1, red + blue)].filter(
          (d) => d !== right,
        ),
        explanation: `모든 경우는 ${red + blue}가지, 빨간 공이 나오는 경우는 ${red}가지라서 ${josa(right, '이에요')}. 파란 공 수로 나누면 틀려요.`,
        verify: `${red} / (${red} + ${blue})`,
      };
    }
    const sum = rng.int(3, 11);
    const ways = 6 - Math.abs(7 - sum);
    const right = fraction(ways, 36);
    return {
      prompt: `주사위 두 개를 동시에 던질 때 나온 눈의 합이 ${sum}일 확률은?`,
      answer: right,
      distractors: [fraction(ways, 12), fraction(1, 11), fraction(ways, 6)].filter((d) => d !== right),
      explanation: `모든 경우는 6 × 6 = 36가지예요. 합이 ${sum}인 경우는 ${ways}가지라서 ${ways}/36 = ${josa(right, '이에요')}.`,
      verify: `${ways} / 36`,
    };
  },
};

export const repeatingDecimal: UnitGenerator = {
  slug: 'repeating',
  unit: '유리수와 순환소수',
  standard: '[9수01-07] 순환소수를 분수로',
  difficulty: 3,
  make(rng) {
    const digits = rng.int(1, 98);
    if (digits % 11 === 0) return null;
    const block = String(digits).padStart(2, '0');
    const right = fraction(digits, 99);
    return {
      prompt: `순환소수 0.${block}${block}${block}…(${josa(block, '이')} 끝없이 반복)을 기약분수로 나타내면?`,
      answer: right,
      distractors: [fraction(digits, 100), fraction(digits, 90), fraction(digits + 1, 99)].filter(
        (d) => d !== right,
      ),
      explanation: `두 자리가 반복되면 분모를 99로 써요: ${block}/99 = ${right}. 100으로 나누면 0.${block}에서 끝나는 소수가 돼요.`,
      verify: `${digits} / 99`,
    };
  },
};

export const squareRootFactor: UnitGenerator = {
  slug: 'sqrt',
  unit: '제곱근과 실수',
  standard: '[9수01-10] 제곱근의 뜻과 성질',
  difficulty: 3,
  make(rng) {
    const p = rng.int(2, 6);
    const q = rng.pick([2, 3, 5, 6, 7, 10]);
    const n = p * p * q;
    return {
      prompt: `√(${n} × k)가 자연수가 되도록 하는 가장 작은 자연수 k는?`,
      answer: String(q),
      distractors: numericDistractors(q, [n, p, q * q]),
      explanation: `${n} = ${p}² × ${josa(q, '이에요')}. 제곱수가 되려면 모자란 ${josa(q, '을')} 한 번 더 곱해야 해서 k = ${josa(q, '이에요')}.`,
      verify: `${n} / (${p} * ${p})`,
    };
  },
};

export const factorRoots: UnitGenerator = {
  slug: 'factor',
  unit: '인수분해',
  standard: '[9수02-03] 다항식의 인수분해',
  difficulty: 2,
  make(rng) {
    const a = rng.int(-7, 8);
    const b = rng.int(-7, 8);
    if (a === b || a === 0 || b === 0 || a === -b) return null;
    const p = a + b;
    const q = a * b;
    return {
      prompt: `다음 식을 (x + a)(x + b)로 인수분해할 때, a와 b 중 큰 수는? x² ${signed(p).replace(/ 1$/, '')}x ${signed(q)}`,
      answer: String(Math.max(a, b)),
      distractors: numericDistractors(Math.max(a, b), [Math.min(a, b), -Math.max(a, b), p]),
      explanation: `곱해서 ${q}, 더해서 ${p}인 두 수를 찾아요: ${josa(a, '과')} ${b}. 그래서 (x ${signed(a)})(x ${signed(b)})이고 큰 수는 ${josa(Math.max(a, b), '이에요')}.`,
      verify: `(${p} + ((${p} * ${p}) - 4 * ${paren(q)}) / ${Math.abs(a - b)}) / 2`,
    };
  },
};

export const quadraticRoot: UnitGenerator = {
  slug: 'quadratic-eq',
  unit: '이차방정식',
  standard: '[9수02-08] 이차방정식의 풀이',
  difficulty: 2,
  make(rng) {
    const r1 = rng.int(-6, 7);
    const r2 = rng.int(-6, 7);
    if (r1 === r2 || r1 === -r2) return null;
    const s = r1 + r2;
    const p = r1 * r2;
    const big = Math.max(r1, r2);
    return {
      prompt: `이차방정식 x² ${signed(-s).replace(/ 1$/, '')}x ${signed(p)} = 0 의 두 근 중 큰 근은?`,
      answer: String(big),
      distractors: numericDistractors(big, [-big, Math.min(r1, r2), -Math.min(r1, r2)]),
      explanation: `인수분해하면 (x ${signed(-r1)})(x ${signed(-r2)}) = 0이라서 x = ${r1} 또는 x = ${josa(r2, '이에요')}. 괄호 안 부호를 그대로 답으로 쓰면 틀려요.`,
      verify: `(${s} + ${Math.abs(r1 - r2)}) / 2`,
    };
  },
};

export const parabolaVertex: UnitGenerator = {
  slug: 'vertex',
  unit: '이차함수',
  standard: '[9수03-07] 이차함수의 그래프와 꼭짓점',
  difficulty: 3,
  make(rng) {
    const h = nonZero(rng, 5);
    const k = rng.int(-8, 8);
    const b = -2 * h;
    const c = h * h + k;
    const askY = rng.int(0, 1) === 1;
    const right = askY ? k : h;
    return {
      prompt: `이차함수 y = x² ${signed(b)}x ${signed(c)}의 그래프의 꼭짓점의 ${askY ? 'y' : 'x'}좌표는?`,
      answer: String(right),
      distractors: numericDistractors(right, askY ? [c, -k, c - h] : [-h, b, c]),
      explanation: `완전제곱식으로 바꾸면 y = (x ${signed(-h)})² ${josa(signed(k), '이에요')}. 꼭짓점은 (${h}, ${k})예요.`,
      verify: askY ? `${c} - (${b} * ${b}) / 4` : `-(${b}) / 2`,
    };
  },
};

export const trigRatio: UnitGenerator = {
  slug: 'trig-ratio',
  unit: '삼각비',
  standard: '[9수04-13] 삼각비의 뜻',
  difficulty: 2,
  make(rng) {
    const [a, b, c] = rng.pick(TRIPLES);
    const which = rng.pick(['sin', 'cos', 'tan'] as const);
    const right = which === 'sin' ? fraction(a, c) : which === 'cos' ? fraction(b, c) : fraction(a, b);
    const others = [fraction(a, c), fraction(b, c), fraction(a, b), fraction(b, a), fraction(c, a)].filter(
      (f) => f !== right,
    );
    return {
      prompt: `∠C = 90°인 직각삼각형 ABC에서 BC = ${a}, AC = ${b}, AB = ${c}일 때 ${which} A의 값은?`,
      answer: right,
      distractors: others,
      explanation: `∠A에서 보면 마주 보는 변(대변)이 BC = ${a}, 이웃한 변이 AC = ${b}, 빗변이 AB = ${josa(c, '이에요')}. sin = 대변/빗변, cos = 이웃변/빗변, tan = 대변/이웃변이라 ${which} A = ${josa(right, '이에요')}.`,
      verify: which === 'sin' ? `${a} / ${c}` : which === 'cos' ? `${b} / ${c}` : `${a} / ${b}`,
    };
  },
};

export const variance: UnitGenerator = {
  slug: 'variance',
  unit: '대푯값과 산포도',
  standard: '[9수05-02] 분산과 표준편차',
  difficulty: 3,
  make(rng) {
    const mean = rng.int(5, 15);
    const deviations = rng.pick([
      [-2, -1, 0, 1, 2],
      [-3, -1, 0, 1, 3],
      [-4, -2, 0, 2, 4],
      [-2, -2, 0, 2, 2],
      [-3, 0, 0, 0, 3],
      [-1, -1, 0, 1, 1],
    ]);
    const values = rng.shuffle(deviations.map((d) => mean + d));
    const squares = deviations.reduce((s, d) => s + d * d, 0);
    if (gcd(squares, 5) === 1 && rng.int(0, 1) === 1) return null;
    const right = fraction(squares, 5);
    return {
      prompt: `자료 ${values.join(', ')}의 분산은?`,
      answer: right,
      distractors: [
        String(squares),
        fraction(squares, 4),
        fraction(
          deviations.reduce((s, d) => s + Math.abs(d), 0),
          5,
        ),
      ].filter((d) => d !== right),
      explanation: `평균은 ${josa(mean, '이에요')}. 편차 ${josa(deviations.join(', '), '을')} 제곱해 더하면 ${squares}, 이것을 자료 수 5로 나누면 분산은 ${josa(right, '이에요')}.`,
      verify: `(${values.map((v) => `(${v} - ${mean}) * (${v} - ${mean})`).join(' + ')}) / 5`,
    };
  },
};
