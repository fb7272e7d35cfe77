import { join } from 'node:path';
import type { messagingApi } from '@line/bot-sdk';
import { card, text, type Reply } from '../../../bot/messages';
import { loadTexts } from '../../../bot/texts-loader';
import { checkLineMessages, graphemeLength } from '../../../integrations/line/limits-check';
import {
  LINE_LIMITS,
  LINE_MORE_POSTBACK,
  lineRenderTexts,
  renderLineMessages,
  shorten,
  splitText,
} from '../../../integrations/line/render';

const qr = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ label: `선택 ${i + 1}`, postback: `quiz:answer:q-1:${i + 1}` }));
const allValid = (batches: messagingApi.Message[][]) =>
  batches.forEach((b) => expect(checkLineMessages(b, { quickReplyOnlyOnLast: true })).toEqual([]));
const items = (m: messagingApi.Message | undefined) => m?.quickReply?.items ?? [];
const textOf = (m: messagingApi.Message | undefined) => (m && m.type === 'text' ? m.text : undefined);

describe('LINE renderer', () => {
  it('declares its limits as data', () => {
    expect(LINE_LIMITS).toMatchObject({
      maxMessages: 5,
      maxQuickReplies: 13,
      maxTextLength: 5000,
      maxQuickReplyLabel: 20,
      maxPostbackLength: 300,
      maxButtons: 4,
    });
  });

  it('its default sentences are the Korean catalogue', () => {
    const texts = loadTexts(join(__dirname, '..', '..', '..', 'knowledge', 'texts'));
    const reply: Reply = { messages: [], quickReplies: qr(20) };
    expect(renderLineMessages(reply)).toEqual(renderLineMessages(reply, lineRenderTexts(texts.ko)));
    expect(lineRenderTexts(texts.en).moreLabel).toBe('More');
  });

  it('a text with quick replies: one batch, postback actions on the last message', () => {
    const { batches, overflow } = renderLineMessages({
      messages: [text('맞아요!'), text('다음 문제예요.')],
      quickReplies: qr(3),
    });
    expect(overflow).toBeUndefined();
    expect(batches).toHaveLength(1);
    const [first, second] = batches[0]!;
    expect(first?.quickReply).toBeUndefined();
    expect(items(second)).toEqual([
      {
        type: 'action',
        action: { type: 'postback', label: '선택 1', data: 'quiz:answer:q-1:1', displayText: '선택 1' },
      },
      {
        type: 'action',
        action: { type: 'postback', label: '선택 2', data: 'quiz:answer:q-1:2', displayText: '선택 2' },
      },
      {
        type: 'action',
        action: { type: 'postback', label: '선택 3', data: 'quiz:answer:q-1:3', displayText: '선택 3' },
      },
    ]);
    allValid(batches);
  });

  it('empty reply renders nothing; quick replies alone get a carrier text', () => {
    expect(renderLineMessages({ messages: [], quickReplies: [] })).toEqual({ batches: [] });
    const { batches } = renderLineMessages({ messages: [text('   ')], quickReplies: qr(2) });
    expect(textOf(batches[0]?.[0])).toBe('다른 선택지도 있어요.');
    expect(items(batches[0]?.[0])).toHaveLength(2);
  });

  it('30 quick replies: 12 plus "더 보기", and the overflow renders the same way', () => {
    const first = renderLineMessages({ messages: [text('과목을 골라 주세요.')], quickReplies: qr(30) });
    const shown = items(first.batches[0]?.[0]);
    expect(shown).toHaveLength(13);
    expect(shown[12]?.action).toMatchObject({ label: '더 보기', data: LINE_MORE_POSTBACK });
    expect(first.overflow?.quickReplies).toEqual(qr(30).slice(12));
    const second = renderLineMessages(first.overflow!);
    expect(items(second.batches[0]?.[0])).toHaveLength(13);
    expect(second.overflow?.quickReplies).toEqual(qr(30).slice(24));
    const third = renderLineMessages(second.overflow!);
    expect(items(third.batches[0]?.[0])).toHaveLength(6);
    expect(third.overflow).toBeUndefined();
  });

  it('long labels are shortened by graphemes, never splitting an emoji; displayText keeps the whole label', () => {
    const label = '👩‍👩‍👧‍👦 가족 모두가 함께 신청할 수 있는지 궁금해요 🇰🇷';
    const { batches } = renderLineMessages({
      messages: [text('질문')],
      quickReplies: [{ label, postback: 'faq:family' }],
    });
    const action = items(batches[0]?.[0])[0]?.action as messagingApi.PostbackAction;
    expect(graphemeLength(action.label!)).toBe(20);
    expect(action.label!.startsWith('👩‍👩‍👧‍👦 ')).toBe(true);
    expect(action.label!.endsWith('…')).toBe(true);
    expect(action.displayText).toBe(label);
    expect(shorten('🍎'.repeat(25), 20)).toBe(`${'🍎'.repeat(19)}…`);
  });

  it('a quick reply whose postback LINE would refuse is left out', () => {
    const { batches } = renderLineMessages({
      messages: [text('a')],
      quickReplies: [
        { label: 'ok', postback: 'x' },
        { label: 'too long', postback: 'y'.repeat(301) },
        { label: ' ', postback: 'z' },
      ],
    });
    expect(items(batches[0]?.[0]).map((i) => (i.action as messagingApi.PostbackAction).data)).toEqual(['x']);
  });

  it('a long text is split on paragraph boundaries, each piece ≤ 5,000 UTF-16 units', () => {
    const paragraph = `${'서울런은 무료 강의를 제공해요. '.repeat(100).trim()}`;
    const long = Array.from({ length: 5 }, () => paragraph).join('\n\n');
    expect(long.length).toBeGreaterThan(5000);
    const pieces = splitText(long);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(5000);
      expect(p.startsWith('서울런은')).toBe(true);
      expect(p.endsWith('제공해요.')).toBe(true);
    }
    expect(pieces.join('').replace(/\s/g, '')).toBe(long.replace(/\s/g, ''));
  });

  it('without boundaries it cuts between graphemes, never inside a surrogate pair', () => {
    const pieces = splitText('🍎'.repeat(3000));
    expect(pieces.map((p) => p.length)).toEqual([5000, 1000]);
    expect(splitText('a🍎'.repeat(2000)).every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it("a verdict's first line stays the first text message", () => {
    const verdict = text('네, 신청할 수 있어요.\n기초생활수급 가구의 6–24세 자녀예요.');
    const { batches } = renderLineMessages({
      messages: [
        verdict,
        ...Array.from({ length: 8 }, (_, i) => text(`안내 ${i}`)),
        card('신청 방법', '서울런 누리집에서 신청해요.', [
          { label: '누리집', url: 'https://slearn.seoul.go.kr' },
        ]),
      ],
      quickReplies: [],
    });
    expect(textOf(batches[0]?.[0])?.split('\n')[0]).toBe('네, 신청할 수 있어요.');
  });

  it('many short texts are merged so the answer fits one free reply', () => {
    const { batches } = renderLineMessages({
      messages: Array.from({ length: 9 }, (_, i) => text(`줄 ${i}`)),
      quickReplies: qr(2),
    });
    expect(batches).toHaveLength(1);
    expect(batches[0]!.length).toBeLessThanOrEqual(5);
    const all = batches[0]!.map(textOf).join('\n\n');
    for (let i = 0; i < 9; i += 1) expect(all).toContain(`줄 ${i}`);
    allValid(batches);
  });

  it('a card is a Flex bubble: title, wrapped text, postback/uri/tel buttons; the phone number stays in the text', () => {
    const c = card('도움이 필요할 때', '언제든 연락할 수 있어요.', [
      { label: '상담 요청', postback: 'help:request' },
      { label: '누리집', url: 'https://slearn.seoul.go.kr' },
      { label: '청소년상담 1388', phone: '1388' },
    ]);
    const { batches } = renderLineMessages({ messages: [c], quickReplies: [] });
    const message = batches[0]![0] as messagingApi.FlexMessage;
    expect(message.type).toBe('flex');
    expect(message.altText).toBe('도움이 필요할 때\n언제든 연락할 수 있어요.\n청소년상담 1388: 1388');
    const bubble = message.contents as messagingApi.FlexBubble;
    expect(bubble.body?.contents).toEqual([
      { type: 'text', text: '도움이 필요할 때', weight: 'bold', size: 'md', wrap: true },
      {
        type: 'text',
        text: '언제든 연락할 수 있어요.\n청소년상담 1388: 1388',
        size: 'sm',
        wrap: true,
        margin: 'md',
      },
    ]);
    expect(bubble.footer?.contents.map((b) => (b as messagingApi.FlexButton).action)).toEqual([
      { type: 'postback', label: '상담 요청', data: 'help:request', displayText: '상담 요청' },
      { type: 'uri', label: '누리집', uri: 'https://slearn.seoul.go.kr' },
      { type: 'uri', label: '청소년상담 1388', uri: 'tel:1388' },
    ]);
    allValid(batches);
  });

  it('a phone number already in the card text is not repeated', () => {
    const { batches } = renderLineMessages({
      messages: [
        card('서울런 고객센터', '평일 9–18시, 1533-0909', [{ label: '전화하기', phone: '1533-0909' }]),
      ],
      quickReplies: [],
    });
    const m = batches[0]![0] as messagingApi.FlexMessage;
    expect(m.altText).toBe('서울런 고객센터\n평일 9–18시, 1533-0909');
    expect(JSON.stringify(m.contents)).toContain('tel:15330909');
  });

  it('more than 4 buttons: the rest become lines of text; a non-web URL is never a button', () => {
    const buttons = [
      ...Array.from({ length: 5 }, (_, i) => ({ label: `버튼 ${i}`, postback: `b:${i}` })),
      { label: '파일', url: 'ftp://x.example/a' },
    ];
    const { batches } = renderLineMessages({ messages: [card('제목', '본문', buttons)], quickReplies: [] });
    const m = batches[0]![0] as messagingApi.FlexMessage;
    expect((m.contents as messagingApi.FlexBubble).footer?.contents).toHaveLength(4);
    expect(m.altText).toBe('제목\n본문\n• 버튼 4\n파일: ftp://x.example/a');
  });

  it('a card too long for altText goes out as text, then a bubble with its buttons', () => {
    const body = '긴 안내문이에요. '.repeat(200);
    const { batches } = renderLineMessages({
      messages: [card('안내', body, [{ label: '확인', postback: 'ok' }])],
      quickReplies: [],
    });
    const [first, second] = batches[0]!;
    expect(textOf(first)?.startsWith('안내\n\n긴 안내문이에요.')).toBe(true);
    expect(second?.type).toBe('flex');
    allValid(batches);
  });

  it('many cards become carousels rather than pushes', () => {
    const cards = Array.from({ length: 12 }, (_, i) =>
      card(`강의 ${i}`, '짧은 설명', [{ label: '보기', postback: `lecture:${i}` }]),
    );
    const { batches } = renderLineMessages({
      messages: [text('추천 강의예요.'), ...cards],
      quickReplies: qr(2),
    });
    expect(batches).toHaveLength(1);
    expect(batches[0]!.length).toBeLessThanOrEqual(5);
    allValid(batches);
  });
});
