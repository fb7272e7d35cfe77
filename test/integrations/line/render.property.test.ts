import fc from 'fast-check';
import type { messagingApi } from '@line/bot-sdk';
import type { CardButton, OutboundMessage, QuickReply, Reply } from '../../../bot/messages';
import { checkLineMessages } from '../../../integrations/line/limits-check';
import { LINE_MORE_POSTBACK, renderLineMessages } from '../../../integrations/line/render';

const piece = fc.constantFrom(
  '안녕하세요. ',
  '서울런은 무료예요!\n',
  '\n\n',
  '🍎🍎',
  '👩‍👩‍👧‍👦',
  'abcdefghij'.repeat(30),
  ' ',
  'x'.repeat(700),
  '다.',
  '1533-0909 ',
);
const longText = fc.array(piece, { maxLength: 300 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), longText);
const label = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽', '기초생활수급자 자녀도 신청할 수 있나요?'),
);
const postback = fc.oneof(
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 290, maxLength: 310 }),
);
const quickReply: fc.Arbitrary<QuickReply> = fc.record({ label, postback });
const button: fc.Arbitrary<CardButton> = fc.oneof(
  fc.record({ label, postback }),
  fc.record({
    label,
    url: fc.oneof(
      fc.webUrl(),
      fc.constant('ftp://files.example/a'),
      fc.constant(`https://x.example/${'p'.repeat(1100)}`),
    ),
  }),
  fc.record({ label, phone: fc.constantFrom('1533-0909', '1388', '109', '02-120') }),
);
const message: fc.Arbitrary<OutboundMessage> = fc.oneof(
  { weight: 3, arbitrary: anyText.map((text) => ({ type: 'text' as const, text })) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('card' as const),
      title: fc.oneof(label, anyText),
      text: anyText,
      buttons: fc.array(button, { maxLength: 7 }),
    }),
  },
);
const reply: fc.Arbitrary<Reply> = fc.record({
  messages: fc.array(message, { maxLength: 16 }),
  quickReplies: fc.array(quickReply, { maxLength: 30 }),
});

const squash = (s: string) => s.replace(/\s/g, '');

/** What a user can read, in order: texts, and each card's altText (which carries its words). */
function readable(batches: messagingApi.Message[][]): string {
  return batches
    .flat()
    .map((m) => (m.type === 'text' ? m.text : m.type === 'flex' ? m.altText : ''))
    .join('');
}

function quickReplyData(batches: messagingApi.Message[][]): string[] {
  return batches
    .flat()
    .flatMap(
      (m) => m.quickReply?.items?.map((i) => (i.action as messagingApi.PostbackAction).data ?? '') ?? [],
    );
}

describe('LINE renderer, property', () => {
  it('every batch satisfies LINE limits, no text is lost, no quick reply is lost', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const rendered = renderLineMessages(r);
        for (const batch of rendered.batches)
          expect(checkLineMessages(batch, { quickReplyOnlyOnLast: true })).toEqual([]);
        // Only the very last message of the whole answer carries quick replies.
        const flat = rendered.batches.flat();
        flat.slice(0, -1).forEach((m) => expect(m.quickReply).toBeUndefined());

        // Every message's words appear, in order, in what the user can read.
        const stream = squash(readable(rendered.batches));
        let from = 0;
        for (const m of r.messages) {
          const words = squash(m.type === 'text' ? m.text : m.title + m.text);
          const at = stream.indexOf(words, from);
          expect(at).toBeGreaterThanOrEqual(0);
          from = at + words.length;
        }

        // Quick replies: all usable ones reachable through "더 보기" chains, in order.
        const usable = r.quickReplies
          .filter((q) => q.label.trim() !== '' && q.postback.length <= 300)
          .map((q) => q.postback);
        const reached: string[] = [];
        let current: typeof rendered | undefined = rendered;
        for (let hop = 0; current && hop < 5; hop += 1) {
          for (const b of current.batches)
            expect(checkLineMessages(b, { quickReplyOnlyOnLast: true })).toEqual([]);
          const data = quickReplyData(current.batches);
          reached.push(...(current.overflow ? data.slice(0, -1) : data));
          if (current.overflow) expect(data[data.length - 1]).toBe(LINE_MORE_POSTBACK);
          current = current.overflow ? renderLineMessages(current.overflow) : undefined;
        }
        expect(reached).toEqual(usable);
      }),
      { numRuns: 300 },
    );
  });
});
