import fc from 'fast-check';
import type { CardButton, OutboundMessage, QuickReply, Reply } from '../../../bot/messages';
import {
  KAKAO_FALLBACK_TEXTS,
  KAKAO_MORE_POSTBACK,
  renderKakaoResponse,
} from '../../../integrations/kakao/render';
import type { TemplateResponse } from '../../../integrations/kakao/response-schema';
import { firstSentenceEnd, oneLine, stripMarkdown } from '../../../integrations/kakao/text-fit';
import { expectValidSkillResponse } from './helpers';

/**
 * Over random replies (long texts, 30 quick replies, cards with 5 buttons, long labels, emoji, empty
 * strings): every rendered page passes the response schema, and following "더 보기" to the end loses
 * no text, no postback and no phone number.
 */

// Markdown-active characters are left out: stripping is tested on its own in render.test.ts.
const pieces = [
  '서울런',
  ' ',
  '멘토링',
  '신청',
  '은',
  '요.',
  '. ',
  '! ',
  '? ',
  '\n',
  '\n\n',
  'abc',
  'Seoul Run',
  '1533',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  '가족관계증명서',
  '…',
  '(참고)',
  '"인용"',
  '12:30',
  'x',
];
// size 'max': fast-check otherwise keeps arrays small, and the long cases would never be tried.
const phrase = (maxLength: number) =>
  fc.array(fc.constantFrom(...pieces), { maxLength, size: 'max' }).map((parts) => parts.join(''));
const longText = fc.oneof(
  { weight: 3, arbitrary: phrase(40) },
  { weight: 2, arbitrary: phrase(1500) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\n') },
  { weight: 1, arbitrary: fc.integer({ min: 900, max: 5000 }).map((n) => '가'.repeat(n)) },
);
const label = fc.oneof(phrase(4), phrase(20), fc.constant(''));
const postback = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `flow:${s}`);
const button: fc.Arbitrary<CardButton> = fc.oneof(
  fc.record({ label, postback }),
  fc.record({ label, url: fc.constantFrom('https://slearn.seoul.go.kr', 'https://example.org/a?b=c') }),
  fc.record({ label, phone: fc.constantFrom('1533-0909', '109', '1388', '02-120') }),
);
const message: fc.Arbitrary<OutboundMessage> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: longText }),
  fc.record({
    type: fc.constant('card' as const),
    title: fc.oneof(phrase(6), phrase(40), fc.constant('')),
    text: fc.oneof(phrase(30), phrase(400), fc.constant('')),
    buttons: fc.array(button, { maxLength: 5, size: 'max' }),
  }),
);
const quickReply: fc.Arbitrary<QuickReply> = fc.record({ label, postback });
const reply: fc.Arbitrary<Reply> = fc.record({
  messages: fc.array(message, { maxLength: 6, size: 'max' }),
  quickReplies: fc.array(quickReply, { maxLength: 30, size: 'max' }),
});

const squash = (s: string): string => s.replace(/\s+/g, '');

interface Collected {
  stream: string;
  buttonTexts: string[];
  quickReplyTexts: string[];
  postbacks: string[];
  descriptions: string[];
  pages: TemplateResponse[];
}

/** Renders a reply and every overflow page, as a user tapping "더 보기" would see them. */
function renderAll(input: Reply): Collected {
  const out: Collected = {
    stream: '',
    buttonTexts: [],
    quickReplyTexts: [],
    postbacks: [],
    descriptions: [],
    pages: [],
  };
  let next: Reply | null = input;
  for (let page = 0; next && page < 500; page += 1) {
    const { response, overflow } = renderKakaoResponse(next, KAKAO_FALLBACK_TEXTS.ko);
    expectValidSkillResponse(response);
    out.pages.push(response);
    for (const o of response.template.outputs) {
      if ('simpleText' in o) out.stream += squash(o.simpleText.text);
      if ('textCard' in o) {
        const description = o.textCard.description ?? '';
        out.descriptions.push(description);
        // Phone lines are additions; leaving them out keeps the text stream comparable with the input.
        out.stream += squash(o.textCard.title ?? '') + squash(description.replace(/^☎ .*$/gm, ''));
        for (const b of o.textCard.buttons ?? []) {
          if (b.action === 'message' && b.messageText) out.buttonTexts.push(b.messageText);
          if (typeof b.extra?.postback === 'string') out.postbacks.push(b.extra.postback);
        }
      }
    }
    for (const q of response.template.quickReplies ?? []) {
      if (q.extra?.postback === KAKAO_MORE_POSTBACK) continue;
      out.quickReplyTexts.push(q.messageText ?? '');
      if (typeof q.extra?.postback === 'string') out.postbacks.push(q.extra.postback);
    }
    next = overflow;
  }
  expect(next).toBeNull();
  return out;
}

describe('renderKakaoResponse over random replies', () => {
  it('always passes the schema and loses nothing', () => {
    fc.assert(
      fc.property(reply, (input) => {
        const all = renderAll(input);

        for (const m of input.messages) {
          const expected =
            m.type === 'text'
              ? squash(stripMarkdown(m.text))
              : squash(oneLine(m.title)) + squash(stripMarkdown(m.text));
          expect(all.stream).toContain(expected);
        }

        const expectedPostbacks = [
          ...input.messages.flatMap((m) =>
            m.type === 'card' ? m.buttons.flatMap((b) => (b.postback !== undefined ? [b.postback] : [])) : [],
          ),
          ...input.quickReplies.map((q) => q.postback),
        ];
        expect(all.postbacks).toEqual(expectedPostbacks);

        for (const m of input.messages) {
          if (m.type !== 'card') continue;
          for (const b of m.buttons) {
            if (b.postback !== undefined && oneLine(b.label)) {
              expect(all.buttonTexts).toContain(oneLine(b.label));
            }
            if (b.phone) expect(all.descriptions.some((d) => d.includes(b.phone!))).toBe(true);
          }
        }
        expect(all.quickReplyTexts.filter((t) => !/^\d+$/.test(t))).toEqual(
          input.quickReplies.map((q) => oneLine(q.label)).filter((t) => t !== '' && !/^\d+$/.test(t)),
        );

        // The first bubble shows its first sentence before Kakao folds it at 500 characters.
        const first = all.pages[0]?.template.outputs[0];
        if (first && 'simpleText' in first) {
          const t = first.simpleText.text;
          expect(t.length <= 500 || firstSentenceEnd(t) <= 500).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
