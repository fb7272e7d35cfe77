import fc from 'fast-check';
import { matchChoice, normalizeTyped, typedNumber } from '../../bot/choices';
import type { InboundEvent } from '../../bot/events';
import { boundInbound } from '../../bot/inbound';
import { parseCodeCommand } from '../../bot/link-codes';
import { maskPersonalNumbers } from '../../bot/masking';
import { squash } from '../../dialogs/support/shared';

/**
 * Issue 18, item 5: `멘토 등록` + 200,000 spaces took 83 s (a quadratic link-code regex, uncapped
 * input). Timing proves nothing on a shared machine, so this counts the work instead: every regex
 * call and every normalisation on the inbound text path, and the characters each was handed. For
 * long adversarial inputs the work must stay linear in the input (each regex is itself linear:
 * eslint's regexp/no-super-linear-backtracking checks every pattern in bot/, dialogs/,
 * integrations/ and knowledge/).
 */

interface Work {
  calls: number;
  chars: number;
}

/**
 * Runs `fn` while counting regex executions and String#normalize calls, with the characters each
 * scanned: an `exec` from its start position to the end of its match (or of the string). Patching
 * RegExp.prototype.exec sends every regex operation (test, replace, split, match) through it.
 */
function countWork(fn: () => void): Work {
  const work: Work = { calls: 0, chars: 0 };
  const exec = Object.getOwnPropertyDescriptor(RegExp.prototype, 'exec')!;
  const normalize = Object.getOwnPropertyDescriptor(String.prototype, 'normalize')!;
  const originalExec = exec.value as RegExp['exec'];
  const originalNormalize = normalize.value as string['normalize'];
  Object.defineProperty(RegExp.prototype, 'exec', {
    ...exec,
    value: function countedExec(this: RegExp, input: string) {
      const text = String(input);
      const from = this.global || this.sticky ? this.lastIndex : 0;
      const found = originalExec.call(this, text);
      const to = found ? found.index + found[0].length : text.length;
      work.calls += 1;
      work.chars += Math.max(1, to - from);
      return found;
    },
  });
  Object.defineProperty(String.prototype, 'normalize', {
    ...normalize,
    value: function countedNormalize(this: string, form?: string) {
      work.calls += 1;
      work.chars += String(this).length;
      return originalNormalize.call(this, form);
    },
  });
  try {
    fn();
  } finally {
    Object.defineProperty(RegExp.prototype, 'exec', exec);
    Object.defineProperty(String.prototype, 'normalize', normalize);
  }
  return work;
}

const event = (text: string): InboundEvent => ({
  channel: 'web',
  channelUserId: 'u',
  channelEventId: 'e',
  kind: 'text',
  text,
  occurredAt: new Date(0),
});

const PREFIX_SETS = [
  ['멘토 등록', '선생님 등록', 'mentor link'],
  ['동의', '보호자 동의', 'consent'],
  ['연결', 'link'],
];

/** What the host does to every inbound text before a dialog reads it, plus the typed-answer readers. */
function inboundPath(raw: string): void {
  const bounded = boundInbound(event(raw), 4000);
  const text = maskPersonalNumbers(bounded.text ?? '').text;
  for (const prefixes of PREFIX_SETS) parseCodeCommand(text, prefixes);
  normalizeTyped(text);
  typedNumber(text);
  squash(text);
  matchChoice({ text }, [{ label: '네, 지워 주세요', postback: 'a' }]);
}

/** Uncapped: the masker and the code parser alone, on the whole input (they must be linear too). */
function uncapped(raw: string): void {
  maskPersonalNumbers(raw);
  for (const prefixes of PREFIX_SETS) parseCodeCommand(raw, prefixes);
}

/** Pieces that defeat naive regexes: whitespace runs, separator runs, digit groups, prefixes. */
const piece = fc.oneof(
  fc.constantFrom(' ', '  ', '\t', '\u3000', '-', '—', '−', '.', '_', '(', ')', '+', ':', '：'),
  fc.constantFrom('멘토 등록', '동의', '연결', 'link', '010', '1234', '82', '0', '9', '１', '900101'),
  fc.string({ maxLength: 3 }),
);
const adversarial = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.integer({ min: 2_000, max: 60_000 }))
  .map(([pieces, length]) => {
    const unit = pieces.join('');
    return unit.repeat(Math.ceil(length / Math.max(1, unit.length))).slice(0, length);
  });

describe('work on the inbound path is linear in the input', () => {
  it('the reported attack: 멘토 등록 + 200,000 spaces', () => {
    const text = `멘토 등록${' '.repeat(200_000)}123456`;
    const work = countWork(() => inboundPath(text));
    // Cleaning reads the whole request once; after the cut at 4,000 characters nothing else does.
    expect(work.chars).toBeLessThan(3 * text.length + 60 * 4000);
    const whole = countWork(() => uncapped(text));
    expect(whole.chars).toBeLessThan(60 * text.length);
  });

  it('stays within a constant times the input for generated adversarial texts', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const capped = countWork(() => inboundPath(text));
        expect(capped.chars).toBeLessThanOrEqual(
          400 * Math.min(text.length, 4000) + 2 * text.length + 10_000,
        );
        const whole = countWork(() => uncapped(text));
        expect(whole.chars).toBeLessThanOrEqual(400 * text.length + 10_000);
        expect(whole.calls).toBeLessThanOrEqual(40 * text.length + 1000);
      }),
      { numRuns: 60 },
    );
  });

  it('grows linearly: twice the input costs about twice the work', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const small = countWork(() => uncapped(text));
        const large = countWork(() => uncapped(text + text));
        expect(large.chars).toBeLessThanOrEqual(2.5 * small.chars + 1000);
      }),
      { numRuns: 30 },
    );
  });
});
