import fc from 'fast-check';

/**
 * Shared fast-check arbitraries for the webhook and web API fuzzers: malformed, oversized, wrongly
 * typed and unicode-heavy values, each input carrying a canary that must never reach the logs.
 */

/** ASCII core of the canary: fits a valid userId, and is what the log scan looks for. */
export const CANARY = 'CANARYfz7q3x';
/** The canary as message text (with Hangul around it, as a user would write). */
export const CANARY_TEXT = `카나리아-${CANARY}-새`;
/** Fixed seed: a failure is reproducible; fast-check prints the counterexample and its path. */
export const FUZZ_SEED = 20_261_128;
/** Runs per endpoint: thousands of inputs across the suite, a few seconds each. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
] as const;

/** Strings that break naive code: graphemes, lone surrogates, control and bidi characters, null bytes. */
export const nastyString = (maxLength = 60): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme-composite', maxLength }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\uFEFF',
      '\u202Eevil',
      '\uD800',
      '\uDFFF\uD800',
      '👨‍👩‍👧‍👦'.repeat(30),
      '가'.repeat(2001),
      'ㅋ'.repeat(300),
      '%00%0a',
      '${7*7}{{7*7}}',
      '<script>alert(1)</script>',
      "'; DROP TABLE people; --",
      '\r\n\r\nHTTP/1.1 200 OK',
    ),
  );

/** A nasty string with the canary inside. */
export const canaryString = (maxLength = 60): fc.Arbitrary<string> =>
  fc.tuple(nastyString(maxLength), nastyString(maxLength)).map(([a, b]) => `${a}${CANARY_TEXT}${b}`);

/** A key that might pollute prototypes or confuse lookups. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_KEYS),
  fc.string({ maxLength: 12 }),
  fc.constant(CANARY),
);

/** Numbers JSON can carry but code rarely expects. */
export const hugeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 5e-324, -0, 0.1 + 0.2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any wrongly typed value (with a canary somewhere when it is a string or holds strings). */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  canaryString(),
  hugeNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { [CANARY]: CANARY_TEXT }),
  fc.array(canaryString(10), { maxLength: 5 }),
  fc.dictionary(nastyKey, canaryString(10), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Nesting far deeper than any real payload. */
export const deepNesting: fc.Arbitrary<unknown> = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let value: unknown = CANARY_TEXT;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
});

/** Sets `value` at a random path inside a copy of `base` (an object tree), creating objects as needed. */
export function mutateAt(base: unknown, path: string[], value: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(base));
  if (path.length === 0) return value;
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  Object.defineProperty(node, path[path.length - 1] as string, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** Every path to a value in a JSON tree (so a mutation can hit any field of a real payload). */
export function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      out.push([...prefix, key]);
      pathsOf(child, [...prefix, key], out);
    }
  }
  return out;
}

/**
 * A raw request body from a JSON value: usually its serialisation, sometimes broken (truncated,
 * a prototype-pollution key spliced in as literal JSON text, trailing garbage, a BOM, oversized).
 */
export function rawBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.nat()).map(([v, n]) => {
        const s = JSON.stringify(v) ?? '';
        return s.slice(0, n % (s.length + 1));
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.constantFrom('__proto__', 'constructor')).map(([v, key]) => {
        const s = JSON.stringify(v) ?? '{}';
        const pollution = `"${key}":{"polluted":"${CANARY}","prototype":{"polluted":"${CANARY}"}}`;
        return s.startsWith('{') && s.length > 2 ? `{${pollution},${s.slice(1)}` : `{${pollution}}`;
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(value, nastyString(20)).map(([v, junk]) => `${JSON.stringify(v)}${junk}`),
    },
    { weight: 1, arbitrary: value.map((v) => `\uFEFF${JSON.stringify(v)}`) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 3 })
        .map((mb) =>
          JSON.stringify({ text: CANARY_TEXT.repeat(Math.ceil((mb * 1_100_000) / CANARY_TEXT.length)) }),
        ),
    },
  );
}

/** Nothing was written onto Object.prototype by any input. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && !Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
}

/** Collects unhandled rejections while a fuzz suite runs. */
export function watchUnhandledRejections(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const spy = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', spy);
  return { seen, stop: () => void process.off('unhandledRejection', spy) };
}
