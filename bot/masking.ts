/**
 * Masks personal numbers before anything is stored or logged: 주민등록번호 (resident registration
 * number), phone numbers and bank account numbers. Service numbers such as 109, 1388 or
 * 1533-0909 are not personal and stay.
 */
export type MaskedKind = 'rrn' | 'phone' | 'account';

export interface MaskResult {
  text: string;
  masked: MaskedKind[];
}

// Digits may be separated by spaces or dashes; users type "900101-1234567", "900101 1234567", "9001011234567".
const RRN = /(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s*[-–]?\s*[1-8]\d{6}(?!\d)/g;
// Mobile 010/011/016-019 and Seoul/regional landlines 02, 0xx.
const PHONE = /(?<!\d)(?:01[016-9]|02|0[3-6][1-5])[\s.-]?\d{3,4}[\s.-]?\d{4}(?!\d)/g;
// Account numbers: 10–16 digits, often in dash groups (110-123-456789, 1002-123-456789).
const ACCOUNT = /(?<!\d)(?:\d{2,6}-){1,4}\d{2,8}(?!\d)|(?<!\d)\d{10,16}(?!\d)/g;

const countDigits = (s: string): number => s.replace(/\D/g, '').length;

/** Replaces personal numbers with placeholders and reports what it masked. */
export function maskPersonalNumbers(input: string): MaskResult {
  const masked = new Set<MaskedKind>();
  let text = input.replace(RRN, () => {
    masked.add('rrn');
    return '[주민등록번호]';
  });
  text = text.replace(PHONE, () => {
    masked.add('phone');
    return '[전화번호]';
  });
  text = text.replace(ACCOUNT, (match) => {
    if (countDigits(match) < 10) return match;
    masked.add('account');
    return '[계좌번호]';
  });
  return { text, masked: [...masked] };
}
