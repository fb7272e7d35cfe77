/**
 * A tiny recursive-descent evaluator for bank `check` expressions: numbers (with decimals),
 * + - * / and parentheses, unary minus. No eval, no identifiers — anything else throws.
 */
export function evaluateArithmetic(source: string): number {
  const text = source.replace(/\s+/g, '');
  let pos = 0;

  const fail = (why: string): never => {
    throw new Error(`check "${source}": ${why} at ${pos}`);
  };
  const peek = (): string | undefined => text[pos];

  function number(): number {
    const match = /^\d+(?:\.\d+)?/.exec(text.slice(pos));
    if (!match) return fail('expected a number');
    pos += match[0].length;
    return Number(match[0]);
  }

  function factor(): number {
    const c = peek();
    if (c === '-') {
      pos++;
      return -factor();
    }
    if (c === '(') {
      pos++;
      const value = expression();
      if (peek() !== ')') fail('expected )');
      pos++;
      return value;
    }
    return number();
  }

  function term(): number {
    let value = factor();
    for (let c = peek(); c === '*' || c === '/'; c = peek()) {
      pos++;
      const right = factor();
      if (c === '/' && right === 0) fail('division by zero');
      value = c === '*' ? value * right : value / right;
    }
    return value;
  }

  function expression(): number {
    let value = term();
    for (let c = peek(); c === '+' || c === '-'; c = peek()) {
      pos++;
      const right = term();
      value = c === '+' ? value + right : value - right;
    }
    return value;
  }

  if (text === '') fail('empty');
  const value = expression();
  if (pos !== text.length) fail(`unexpected "${text[pos]}"`);
  return value;
}
