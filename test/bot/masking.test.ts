import fc from 'fast-check';
import { formatLinkCode, newLinkCode } from '../../bot/link-codes';
import { maskPersonalNumbers, type MaskedKind } from '../../bot/masking';

/** Every format the security review (issue 18, item 2) found unmasked. */
const MISSED: [string, MaskedKind][] = [
  ['900101—1234567', 'rrn'],
  ['900101‐1234567', 'rrn'],
  ['９００１０１－１２３４５６７', 'rrn'],
  ['900101.1234567', 'rrn'],
  ['900101_1234567', 'rrn'],
  ['9 0 0 1 0 1 1 2 3 4 5 6 7', 'rrn'],
  ['010  1234  5678', 'phone'],
  ['(010) 1234-5678', 'phone'],
  ['070 1234 5678', 'phone'],
  ['010_1234_5678', 'phone'],
  ['010−1234−5678', 'phone'],
  ['+82 10 1234 5678', 'phone'],
  ['110 123 456789', 'account'],
  ['1234 5678 9012 3456', 'card'],
];

/** Text that must pass unmasked: amounts, ages, dates, times, grades, quiz answers, service numbers. */
const KEEP = [
  '월 300만원 벌어요',
  '세전 900 정도',
  '2010년생이에요',
  '만 15세',
  '중2, 고1, 초6',
  '3학년 2반 15번',
  '2026-12-01',
  '2026.12.01 14:30에 만나요',
  '2026/12/01 10:00~12:00',
  '12/25',
  '2026년 12월 1일',
  '16:00-18:00',
  '오후 4시 30분',
  '정답은 3번',
  '1/2',
  '3.14',
  'x = -5',
  '2x+3=7',
  '내 점수는 90 85 100 95 88',
  '1 2 3 4 5',
  '1533-0909',
  '1577-0199',
  '109',
  '#1388',
  '02-120',
  '1,000,000원',
  '1000000원',
  'quiz:answer:q-123:2',
  'support:ack:1234',
  'eligibility:income:3000000',
];

describe('masking personal numbers', () => {
  it.each(MISSED)('masks %s (%s)', (text, kind) => {
    const result = maskPersonalNumbers(`제 번호는 ${text} 이에요`);
    expect(result.masked).toEqual([kind]);
    expect(result.text).toMatch(/^제 번호는 \[[^\]]+\] 이에요$/);
  });

  it.each(KEEP)('keeps %j as typed', (text) => {
    expect(maskPersonalNumbers(text)).toEqual({ text, masked: [] });
  });

  it('keeps link codes in the new format', () => {
    for (let i = 0; i < 200; i += 1) {
      const line = `멘토 등록 ${formatLinkCode(newLinkCode())}`;
      expect(maskPersonalNumbers(line).text).toBe(line);
    }
  });

  it('masks a phone number next to a date without touching the date', () => {
    expect(maskPersonalNumbers('2026-12-01 010-1234-5678').text).toBe('2026-12-01 [전화번호]');
  });

  it('changes nothing but the masked span (no normalisation of the rest)', () => {
    const text = 'ㅇㅇ ＡＢＣ ㈜ 010-1234-5678 ｗ';
    expect(maskPersonalNumbers(text).text).toBe('ㅇㅇ ＡＢＣ ㈜ [전화번호] ｗ');
  });
});

// ——— property: generated formats ———

const FULL_WIDTH_OFFSET = 0xff10 - 0x30;
const DASH_VARIANTS = ['-', '‐', '‑', '‒', '–', '—', '―', '−', '﹣', '－'];
const separator = fc.oneof(
  fc.constantFrom(...DASH_VARIANTS),
  fc.constantFrom(' ', '  ', '   ', '.', '_', ' - ', '/', '\u3000', '\u00A0'),
);
const digitsOf = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length });
const twoDigits = (min: number, max: number) =>
  fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

/** A personal number as groups of digits, and the shapes people type it in. */
const rrn = fc
  .tuple(twoDigits(0, 99), twoDigits(1, 12), twoDigits(1, 28), fc.integer({ min: 1, max: 4 }), digitsOf(6))
  .map(([y, m, d, s, rest]) => ({ kind: 'rrn' as const, groups: [`${y}${m}${d}`, `${s}${rest.join('')}`] }));
const mobile = fc
  .tuple(fc.constantFrom('010', '011', '016', '017', '018', '019'), digitsOf(4), digitsOf(4))
  .map(([p, a, b]) => ({ kind: 'phone' as const, groups: [p, a.join(''), b.join('')] }));
const landline = fc
  .tuple(fc.constantFrom('02', '031', '051', '064', '070'), digitsOf(4), digitsOf(4))
  .map(([p, a, b]) => ({
    kind: 'phone' as const,
    groups: [p, p === '02' ? a.join('').slice(1) : a.join(''), b.join('')],
  }));
const safeNumber = fc
  .tuple(fc.constantFrom('0504', '0505', '0507'), digitsOf(3), digitsOf(4))
  .map(([p, a, b]) => ({ kind: 'phone' as const, groups: [p, a.join(''), b.join('')] }));
const account = fc
  .tuple(fc.constantFrom([3, 3, 6], [4, 3, 6], [4, 2, 7], [3, 2, 6], [3, 4, 4, 2], [3, 6, 5]))
  .chain(([shape]) => fc.tuple(...shape.map((n) => digitsOf(n))))
  .map((groups) => ({ kind: 'account' as const, groups: groups.map((g) => g.join('')) }))
  // A generated account that happens to read as a phone or a 주민등록번호 is masked as that.
  .filter((a) => !/^0/.test(a.groups[0] as string));
const card = fc.tuple(digitsOf(4), digitsOf(4), digitsOf(4), digitsOf(4)).map((g) => ({
  kind: 'card' as const,
  groups: [`4${g[0].join('').slice(1)}`, ...g.slice(1).map((x) => x.join(''))],
}));

const personalNumber = fc.oneof(rrn, mobile, landline, safeNumber, account, card);

/** Types the groups: a separator (or none) between groups, some digits full width, +82 or brackets. */
const typed = personalNumber.chain((n) =>
  fc
    .record({
      seps: fc.array(fc.oneof(separator, fc.constant('')), {
        minLength: n.groups.length,
        maxLength: n.groups.length,
      }),
      wide: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
      style: fc.constantFrom('plain', 'plus82', 'brackets'),
      before: fc.constantFrom('', '제 번호는 ', '연락처: ', 'my number is '),
      after: fc.constantFrom('', ' 이에요', '입니다.', ' 로 연락 주세요'),
    })
    .map(({ seps, wide, style, before, after }) => {
      let groups = [...n.groups];
      let lead = '';
      if (n.kind === 'phone' && style === 'plus82') {
        groups = ['82', (groups[0] as string).slice(1), ...groups.slice(1)];
        lead = '+';
      }
      const joined = groups
        .map((g, i) => {
          const digits = [...g]
            .map((c, k) =>
              wide[(i * 4 + k) % 20] ? String.fromCharCode(c.charCodeAt(0) + FULL_WIDTH_OFFSET) : c,
            )
            .join('');
          const shown =
            n.kind === 'phone' && style === 'brackets' && i === 0 && lead === '' ? `(${digits})` : digits;
          return i === 0 ? shown : `${seps[i] ?? ''}${shown}`;
        })
        .join('');
      return { n, text: `${before}${lead}${joined}${after}`, before, after };
    }),
);

describe('masking, generated formats (property)', () => {
  it('never lets a generated personal number through, and keeps the words around it', () => {
    fc.assert(
      fc.property(typed, ({ n, text, before, after }) => {
        const result = maskPersonalNumbers(text);
        expect(result.masked.length).toBeGreaterThan(0);
        const digitsLeft = result.text.normalize('NFKC').replace(/\D/g, '');
        const core = n.groups.slice(1).join('');
        expect(digitsLeft).not.toContain(core);
        expect(result.text.startsWith(before)).toBe(true);
        expect(result.text.endsWith(after)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps generated dates, times, amounts and scores', () => {
    const keep = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 1990, max: 2030 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 28 }),
          fc.constantFrom('-', '.', '/', ' '),
        )
        .map(([y, m, d, s]) => `${y}${s}${String(m).padStart(2, '0')}${s}${String(d).padStart(2, '0')}`),
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
      fc.integer({ min: 1, max: 99_999 }).map((n) => `${n}만원`),
      fc
        .array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 })
        .map((xs) => `점수 ${xs.join(' ')}`),
      fc.integer({ min: 1990, max: 2020 }).map((y) => `${y}년생`),
    );
    fc.assert(
      fc.property(keep, (text) => {
        expect(maskPersonalNumbers(text)).toEqual({ text, masked: [] });
      }),
      { numRuns: 2000 },
    );
  });
});
