/**
 * Masks personal numbers before anything is stored or logged: 주민등록번호 (resident registration
 * number), phone numbers (mobile, landline, 070/050, +82), bank account and card numbers. Service
 * numbers such as 109, 1388 or 1533-0909, dates, times, amounts, grades and quiz answers stay.
 *
 * A security review found many formats the old regexes missed (em dashes, full-width digits,
 * `900101.1234567`, `010  1234  5678`, `(010) 1234-5678`, `+82 10 1234 5678`, `1234 5678 9012
 * 3456` …). So the text is first read as a sequence of digit groups — every digit NFKC-normalised,
 * every dash and minus sign, space, dot, underscore, slash and bracket a separator — and the
 * groups are then matched against the shapes of personal numbers. Reading is one pass over the
 * text and matching looks at a bounded number of groups from each group: linear in the input.
 * Only the masked spans change; every other character is returned exactly as typed.
 */
export type MaskedKind = 'rrn' | 'phone' | 'account' | 'card';

export interface MaskResult {
  text: string;
  masked: MaskedKind[];
}

const PLACEHOLDER: Readonly<Record<MaskedKind, string>> = {
  rrn: '[주민등록번호]',
  phone: '[전화번호]',
  account: '[계좌번호]',
  card: '[카드번호]',
};

/** Every dash, hyphen and minus sign people (and their keyboards) type between digits. */
const DASHES = new Set([
  '-',
  '\u2010', // hyphen
  '\u2011', // non-breaking hyphen
  '\u2012', // figure dash
  '\u2013', // en dash
  '\u2014', // em dash
  '\u2015', // horizontal bar
  '\u2212', // minus sign
  '\u2043', // hyphen bullet
  '\uFE58', // small em dash
  '\uFE63', // small hyphen-minus
  '\uFF0D', // full-width hyphen-minus
  '\u30FC', // katakana prolonged sound mark (IME slips)
  '\u3161', // Hangul ㅡ typed as a dash
]);
const SEPARATORS = new Set([' ', '\t', '-', '.', '_', '/', '(', ')']);
/** At most this many separator characters between two groups of one number ("(010) - 1234"). */
const MAX_SEPARATOR_RUN = 4;

/** What one character means to the reader: a digit, a separator, a plus sign or anything else. */
function classOf(ch: string): string {
  if (ch >= '0' && ch <= '9') return ch;
  if (DASHES.has(ch)) return '-';
  const n = ch.normalize('NFKC');
  if (n.length === 1 && n >= '0' && n <= '9') return n;
  if (n === ' ' || ch === '\u3000' || ch === '\u00A0') return ' ';
  if (n.length === 1 && (SEPARATORS.has(n) || n === '+')) return n;
  return 'x';
}

/** A run of digits in the original text: where it starts and ends, and its ASCII digits. */
interface Group {
  start: number;
  end: number;
  digits: string;
}

/** Reads the text into runs of digit groups; a run ends at any non-separator or a long separator. */
function readRuns(text: string): { runs: Group[][]; view: string[] } {
  const view: string[] = [];
  for (let i = 0; i < text.length; i += 1) view.push(classOf(text[i] as string));
  const runs: Group[][] = [];
  let run: Group[] = [];
  let i = 0;
  while (i < view.length) {
    const c = view[i] as string;
    if (c >= '0' && c <= '9') {
      const start = i;
      let digits = '';
      while (i < view.length && (view[i] as string) >= '0' && (view[i] as string) <= '9') {
        digits += view[i];
        i += 1;
      }
      run.push({ start, end: i, digits });
      // Look past a short run of separators for the next group of the same number.
      let j = i;
      while (j < view.length && j - i < MAX_SEPARATOR_RUN + 1 && SEPARATORS.has(view[j] as string)) j += 1;
      const next = view[j];
      if (j > i && j - i <= MAX_SEPARATOR_RUN && next !== undefined && next >= '0' && next <= '9') {
        i = j;
        continue;
      }
      runs.push(run);
      run = [];
      continue;
    }
    i += 1;
  }
  if (run.length > 0) runs.push(run);
  return { runs, view };
}

const validDate = (yymmdd: string): boolean => {
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
};

/** 주민등록번호 / 외국인등록번호: YYMMDD + a 1–8 digit + 6 digits. */
const isRrn = (d: string): boolean =>
  d.length === 13 && validDate(d.slice(0, 6)) && /^[1-8]$/.test(d[6] ?? '');

/** Korean phone numbers (already with a leading 0): mobile, Seoul, regional, 070 and 050x. */
function isPhone(d: string): boolean {
  if (/^01[016-9]/.test(d)) return d.length === 10 || d.length === 11;
  if (d.startsWith('02')) return d.length === 9 || d.length === 10;
  if (/^0[3-6][1-5]/.test(d)) return d.length === 10 || d.length === 11;
  if (d.startsWith('070')) return d.length === 11;
  if (d.startsWith('050')) return d.length === 11 || d.length === 12;
  return false;
}

/** A span of groups that is a personal number, and which kind. */
interface Match {
  kind: MaskedKind;
  groups: number;
}

const MAX_GROUPS = 16;
const MAX_DIGITS = 19;

/**
 * The strong shapes starting at group `at`, each typed the way people type it: a 주민등록번호
 * (13 digits, 6-7, or one digit at a time), a phone number (optionally after +82 or 0082; in
 * groups ending with 4 digits), or a card number. The longest match wins.
 */
function strongMatch(run: Group[], at: number, plusBefore: boolean): Match | null {
  let digits = '';
  let best: Match | null = null;
  const lengths: number[] = [];
  for (let k = at; k < run.length && k - at < MAX_GROUPS; k += 1) {
    digits += (run[k] as Group).digits;
    lengths.push((run[k] as Group).digits.length);
    if (digits.length > MAX_DIGITS + 4) break;
    const groups = k - at + 1;
    const spaced = lengths.every((n) => n === 1);
    if (isRrn(digits) && (groups === 1 || spaced || lengths.join('-') === '6-7'))
      best = { kind: 'rrn', groups };
    // Korean numbers end in a group of 4 (or the 7–8 digits after the area code typed together)
    // when typed in groups; one digit at a time also counts.
    const last = lengths[lengths.length - 1] ?? 0;
    const phoneShape = groups === 1 || spaced || last === 4 || last === 7 || last === 8;
    const national = digits.startsWith('0082')
      ? digits.slice(4)
      : digits.startsWith('82') && (plusBefore || groups > 1)
        ? digits.slice(2)
        : null;
    const phone =
      isPhone(digits) || (national !== null && isPhone(national.startsWith('0') ? national : `0${national}`));
    if (phone && phoneShape) best = { kind: 'phone', groups };
    if (isCard(digits, lengths)) best = { kind: 'card', groups };
  }
  return best;
}

/** Card numbers: 15–16 digits unbroken, or typed in groups of 4 (4-4-4-4, 8-8, Amex 4-6-5). */
function isCard(d: string, lengths: number[]): boolean {
  if (d.length !== 15 && d.length !== 16) return false;
  if (lengths.length === 1) return true;
  if (lengths.every((n) => n % 4 === 0)) return true;
  const shape = lengths.join('-');
  return shape === '4-6-5' || shape === '4-4-4-3';
}

/**
 * Account numbers: 10–14 digits in 2 to 4 groups with at least one of 4 or more digits
 * (110-123-456789, 1002 123 456789, 3333-01-1234567), or any unbroken run of 10 or more digits.
 * Lists of short numbers (scores "90 85 100 95 88") are not accounts.
 */
function accountMatch(run: Group[], at: number, taken: boolean[]): Match | null {
  const only = run[at] as Group;
  if (only.digits.length >= 10) return { kind: 'account', groups: 1 };
  let digits = 0;
  let long = false;
  let best: Match | null = null;
  for (let k = at; k < run.length && k - at < 4 && !taken[k]; k += 1) {
    const g = run[k] as Group;
    if (g.digits.length < 2) break;
    digits += g.digits.length;
    long ||= g.digits.length >= 4;
    if (digits > 14) break;
    if (digits >= 10 && long && k > at) best = { kind: 'account', groups: k - at + 1 };
  }
  return best;
}

/** A date typed as digit groups (2026-12-01, 2026.12.1, 2026 12 01): never part of an account. */
function dateAt(run: Group[], at: number): number {
  const [y, m, d] = [run[at], run[at + 1], run[at + 2]];
  if (!y || !m || y.digits.length !== 4 || !/^(19|20)/.test(y.digits)) return 0;
  const month = Number(m.digits);
  if (m.digits.length > 2 || month < 1 || month > 12) return 0;
  if (!d || d.digits.length > 2 || Number(d.digits) < 1 || Number(d.digits) > 31) return 2;
  return 3;
}

/** Replaces personal numbers with placeholders and reports what it masked. */
export function maskPersonalNumbers(input: string): MaskResult {
  const { runs, view } = readRuns(input);
  const spans: { start: number; end: number; kind: MaskedKind }[] = [];
  for (const run of runs) {
    const taken: boolean[] = run.map(() => false);
    const found: { from: number; to: number; kind: MaskedKind }[] = [];
    // Strong shapes first, so a date typed next to a phone number never swallows half of it.
    for (let at = 0; at < run.length;) {
      const first = run[at] as Group;
      const plusBefore = first.start > 0 && view[first.start - 1] === '+';
      const m = strongMatch(run, at, plusBefore);
      if (!m) {
        at += 1;
        continue;
      }
      for (let k = at; k < at + m.groups; k += 1) taken[k] = true;
      found.push({ from: at, to: at + m.groups - 1, kind: m.kind });
      at += m.groups;
    }
    for (let at = 0; at < run.length; at += 1) {
      let date = taken[at] ? 0 : dateAt(run, at);
      // A bare year and month ("1900 01") right after other digit groups is the tail of an
      // account number, not a date; a full date with a day stays a date wherever it is.
      if (date === 2 && at > 0 && !taken[at - 1]) date = 0;
      for (let k = at; k < at + date; k += 1) taken[k] = true;
    }
    for (let at = 0; at < run.length;) {
      const m = taken[at] ? null : accountMatch(run, at, taken);
      if (!m) {
        at += 1;
        continue;
      }
      found.push({ from: at, to: at + m.groups - 1, kind: m.kind });
      at += m.groups;
    }
    for (const f of found) {
      let start = (run[f.from] as Group).start;
      let end = (run[f.to] as Group).end;
      // "+82 …" and "(010) …": the sign and the brackets go with the number.
      if (start > 0 && (view[start - 1] === '+' || view[start - 1] === '(')) start -= 1;
      if (view[end] === ')' && view[start] === '(') end += 1;
      spans.push({ start, end, kind: f.kind });
    }
  }
  if (spans.length === 0) return { text: input, masked: [] };
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const masked = new Set<MaskedKind>();
  for (const span of spans) {
    out += input.slice(at, span.start) + PLACEHOLDER[span.kind];
    at = span.end;
    masked.add(span.kind);
  }
  return { text: out + input.slice(at), masked: [...masked] };
}
