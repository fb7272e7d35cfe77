/**
 * An evaluator for generated items' `verify` expressions, written apart from the generators so a
 * test recomputes every answer independently: numbers, + - * / ^, brackets, unary minus, `pi`,
 * sqrt(x), sin/cos/tan(x in radians) and log(base, x) — through Math, no eval.
 */
export function evaluateExpression(source: string): number {
  const text = source.replace(/\s+/g, '');
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`verify "${source}": ${why} at ${pos}`);
  };
  const FUNCTIONS: Record<string, (...args: number[]) => number> = {
    sqrt: Math.sqrt,
    sin: Math.sin,
    cos: Math.cos,
    tan: Math.tan,
    log: (base, x) => Math.log(x ?? NaN) / Math.log(base ?? NaN),
  };

  function primary(): number {
    const c = text[pos];
    if (c === '(') {
      pos++;
      const value = sum();
      if (text[pos] !== ')') fail('expected )');
      pos++;
      return value;
    }
    const name = /^[a-z]+/.exec(text.slice(pos))?.[0];
    if (name) {
      pos += name.length;
      if (name === 'pi') return Math.PI;
      const fn = FUNCTIONS[name] ?? fail(`unknown name ${name}`);
      if (text[pos] !== '(') fail('expected ( after a function');
      pos++;
      const args = [sum()];
      while (text[pos] === ',') {
        pos++;
        args.push(sum());
      }
      if (text[pos] !== ')') fail('expected )');
      pos++;
      return fn(...args);
    }
    const match = /^\d+(?:\.\d+)?/.exec(text.slice(pos));
    if (!match) return fail('expected a number');
    pos += match[0].length;
    return Number(match[0]);
  }
  function unary(): number {
    if (text[pos] === '-') {
      pos++;
      return -unary();
    }
    return power();
  }
  function power(): number {
    const base = primary();
    if (text[pos] === '^') {
      pos++;
      return base ** unary();
    }
    return base;
  }
  function product(): number {
    let value = unary();
    while (text[pos] === '*' || text[pos] === '/') {
      const op = text[pos++];
      const right = unary();
      value = op === '*' ? value * right : value / right;
    }
    return value;
  }
  function sum(): number {
    let value = product();
    while (text[pos] === '+' || text[pos] === '-') {
      const op = text[pos++];
      const right = product();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }
  const value = sum();
  if (pos !== text.length) fail('unexpected text');
  return value;
}

/** The number a choice shows: "17", "-3", "7/12", "3.14", "1,000", "12 cm²", "45°", "60%", "3개". */
export function choiceValue(choice: string): number | null {
  const match = /^(-?[\d,]+(?:\.\d+)?)(?:\/(\d+))?\s*(?:cm[²³]?|°|%|개|권|분)?$/.exec(choice.trim());
  if (!match) return null;
  const whole = Number((match[1] as string).replace(/,/g, ''));
  return match[2] ? whole / Number(match[2]) : whole;
}
