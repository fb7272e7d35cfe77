import { z } from 'zod';

/**
 * The SkillResponse (Kakao i Open Builder, version "2.0") written once from Kakao's published limits
 * (../shared/reference/kakao.md §2.1, source K1). Every rendered response in every test is checked
 * against it. It is strict (unknown keys fail) because we produce these objects ourselves and Kakao
 * may refuse a bubble that breaks its limits — and can restrict the chatbot for it.
 *
 * Lengths are counted in UTF-16 code units (`string.length`), which is never less than the number
 * of characters Kakao counts, so passing here means passing there.
 */

/** Kakao's limits, as data; the renderer reads the same numbers. */
export const KAKAO_SKILL_LIMITS = Object.freeze({
  outputsMin: 1,
  outputsMax: 3,
  quickRepliesMax: 10,
  simpleTextMax: 1000,
  /** Characters shown before the bubble folds behind "전체 보기". */
  simpleTextVisible: 500,
  textCardTitleMax: 50,
  /** title + description together, for a textCard outside a carousel. */
  textCardTotalMax: 400,
  basicCardTitleMax: 50,
  basicCardDescriptionMax: 230,
  buttonsVerticalMax: 3,
  buttonsHorizontalMax: 2,
  buttonLabelMax: 14,
  /** Not documented by Kakao (K1); assumed equal to the button label limit. */
  quickReplyLabelMax: 14,
  altTextMax: 50,
});

const L = KAKAO_SKILL_LIMITS;

const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' });

/** `extra` arrives back as `action.clientExtra`; we always put our postback string in it. */
const extra = z.record(z.string(), z.unknown());

const buttonBase = { label: nonBlank(L.buttonLabelMax), extra: extra.optional() };

/** A card button; one shape per action. */
export const kakaoButtonSchema = z.discriminatedUnion('action', [
  z.strictObject({
    ...buttonBase,
    action: z.literal('webLink'),
    webLinkUrl: z.url({ protocol: /^https?$/ }),
  }),
  z.strictObject({ ...buttonBase, action: z.literal('message'), messageText: nonBlank(1000).optional() }),
  z.strictObject({
    ...buttonBase,
    action: z.literal('phone'),
    phoneNumber: z.string().regex(/^\+?[0-9-]{2,20}$/),
  }),
  z.strictObject({
    ...buttonBase,
    action: z.literal('block'),
    blockId: nonBlank(100),
    messageText: nonBlank(1000).optional(),
  }),
  z.strictObject({ ...buttonBase, action: z.literal('share') }),
  z.strictObject({ ...buttonBase, action: z.literal('operator') }),
]);

const buttons = z.array(kakaoButtonSchema).max(L.buttonsVerticalMax);
const buttonLayout = z.enum(['vertical', 'horizontal']);

/** Horizontal layouts hold at most two buttons. */
const layoutFits = (card: { buttons?: unknown[]; buttonLayout?: 'vertical' | 'horizontal' }) =>
  card.buttonLayout !== 'horizontal' || (card.buttons?.length ?? 0) <= L.buttonsHorizontalMax;

export const simpleTextSchema = z.strictObject({ text: nonBlank(L.simpleTextMax) });

export const simpleImageSchema = z.strictObject({
  imageUrl: z.url({ protocol: /^https?$/ }),
  altText: nonBlank(L.altTextMax),
});

export const textCardSchema = z
  .strictObject({
    title: z.string().max(L.textCardTitleMax).optional(),
    description: z.string().optional(),
    buttons: buttons.optional(),
    buttonLayout: buttonLayout.optional(),
  })
  .refine((c) => (c.title ?? '').trim() !== '' || (c.description ?? '').trim() !== '', {
    message: 'a textCard needs a title or a description',
  })
  .refine((c) => (c.title ?? '').length + (c.description ?? '').length <= L.textCardTotalMax, {
    message: `textCard title + description must be at most ${L.textCardTotalMax} characters`,
  })
  .refine(layoutFits, { message: 'a horizontal button layout holds at most 2 buttons' });

/** basicCard is only here so that a hand-written one is checked: it needs a thumbnail. We never render it. */
export const basicCardSchema = z
  .strictObject({
    title: z.string().max(L.basicCardTitleMax).optional(),
    description: z.string().max(L.basicCardDescriptionMax).optional(),
    thumbnail: z.strictObject({ imageUrl: z.url(), fixedRatio: z.boolean().optional() }),
    buttons: buttons.optional(),
    buttonLayout: buttonLayout.optional(),
  })
  .refine(layoutFits, { message: 'a horizontal button layout holds at most 2 buttons' });

/** One output component: exactly one kind of bubble. */
export const kakaoOutputSchema = z.union([
  z.strictObject({ simpleText: simpleTextSchema }),
  z.strictObject({ simpleImage: simpleImageSchema }),
  z.strictObject({ textCard: textCardSchema }),
  z.strictObject({ basicCard: basicCardSchema }),
]);

export const kakaoQuickReplySchema = z.discriminatedUnion('action', [
  z.strictObject({
    label: nonBlank(L.quickReplyLabelMax),
    action: z.literal('message'),
    messageText: nonBlank(1000),
    extra: extra.optional(),
  }),
  z.strictObject({
    label: nonBlank(L.quickReplyLabelMax),
    action: z.literal('block'),
    blockId: nonBlank(100),
    messageText: nonBlank(1000).optional(),
    extra: extra.optional(),
  }),
]);

const contextControl = z.strictObject({
  values: z.array(
    z.strictObject({
      name: nonBlank(100),
      lifeSpan: z.number().int().min(0),
      ttl: z.number().int().min(0).optional(),
      params: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

export const skillTemplateSchema = z.strictObject({
  outputs: z.array(kakaoOutputSchema).min(L.outputsMin).max(L.outputsMax),
  quickReplies: z.array(kakaoQuickReplySchema).max(L.quickRepliesMax).optional(),
});

/** The normal answer: `template` carries the bubbles. */
export const templateResponseSchema = z.strictObject({
  version: z.literal('2.0'),
  template: skillTemplateSchema,
  context: contextControl.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** The callback acknowledgement: Kakao ignores `template` here, so it must not be present. */
export const useCallbackResponseSchema = z.strictObject({
  version: z.literal('2.0'),
  useCallback: z.literal(true),
  context: contextControl.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** Any SkillResponse we may send (synchronously or to a callback URL). */
export const skillResponseSchema = z.union([templateResponseSchema, useCallbackResponseSchema]);

export type KakaoButton = z.infer<typeof kakaoButtonSchema>;
export type KakaoOutput = z.infer<typeof kakaoOutputSchema>;
export type KakaoQuickReply = z.infer<typeof kakaoQuickReplySchema>;
export type TemplateResponse = z.infer<typeof templateResponseSchema>;
export type UseCallbackResponse = z.infer<typeof useCallbackResponseSchema>;
export type SkillResponse = z.infer<typeof skillResponseSchema>;
