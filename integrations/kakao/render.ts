import type { CardButton, OutboundMessage, QuickReply, RenderLimits, Reply } from '../../bot/messages';
import { baseLanguage, type Language } from '../../bot/people';
import type { Texts } from '../../bot/texts';
import {
  KAKAO_SKILL_LIMITS,
  skillResponseSchema,
  type KakaoButton,
  type KakaoOutput,
  type KakaoQuickReply,
  type TemplateResponse,
  type UseCallbackResponse,
} from './response-schema';
import { capText, oneLine, shortenLabel, splitText, stripMarkdown } from './text-fit';

/** Kakao's limits as the renderer contract declares them (bot/messages.ts RenderLimits). */
export const KAKAO_LIMITS: RenderLimits = Object.freeze({
  maxMessages: KAKAO_SKILL_LIMITS.outputsMax,
  maxQuickReplies: KAKAO_SKILL_LIMITS.quickRepliesMax,
  maxTextLength: KAKAO_SKILL_LIMITS.simpleTextMax,
  visibleTextLength: KAKAO_SKILL_LIMITS.simpleTextVisible,
  maxButtons: KAKAO_SKILL_LIMITS.buttonsVerticalMax,
  maxButtonLabel: KAKAO_SKILL_LIMITS.buttonLabelMax,
  maxQuickReplyLabel: KAKAO_SKILL_LIMITS.quickReplyLabelMax,
  // Our own postback contract (HACKING.md); Kakao documents no limit on `extra`.
  maxPostbackLength: 300,
});

/** The postback of the "더 보기" quick reply; the host serves the stored overflow when it arrives. */
export const KAKAO_MORE_POSTBACK = 'kakao:more';

/** Sentences the renderer itself needs (from knowledge/texts/<lang>/kakao.yaml). */
export interface KakaoRenderTexts {
  /** Label of the quick reply that continues an overflowing answer. */
  more: string;
  /** Bubble text of a continuation page that only carries further quick replies. */
  moreChoices: string;
}

/**
 * Last-resort copies of catalogue sentences, for the error path only: the apology must render even
 * when the catalogue is what failed. A test keeps them equal to knowledge/texts/<lang>/kakao.yaml.
 */
export const KAKAO_FALLBACK_TEXTS: Readonly<Record<'ko' | 'en', KakaoRenderTexts & { apology: string }>> =
  Object.freeze({
    ko: {
      apology: '죄송해요, 지금 답을 만들다가 문제가 생겼어요. 잠시 뒤에 다시 말을 걸어 주세요.',
      more: '더 보기',
      moreChoices: '다른 선택지도 있어요.',
    },
    en: {
      apology:
        'Sorry, something went wrong while I was preparing an answer. Please write to me again in a moment.',
      more: 'More',
      moreChoices: 'Here are more choices.',
    },
  });

/** The renderer's sentences from a language's catalogue. */
export function kakaoRenderTexts(texts: Texts): KakaoRenderTexts {
  return { more: texts.t('kakao.more'), moreChoices: texts.t('kakao.moreChoices') };
}

/** A rendered answer plus what did not fit: the host stores `overflow` and renders it on `kakao:more`. */
export interface KakaoRendered {
  response: TemplateResponse;
  overflow: Reply | null;
}

/** One Kakao output, already fitted; also expressible again as an OutboundMessage for the overflow. */
type Atom =
  | { kind: 'text'; text: string }
  | { kind: 'card'; title: string; description: string; buttons: CardButton[] };

const L = KAKAO_SKILL_LIMITS;
/** Shown in a card that has buttons but no words at all; a textCard needs a title or description. */
const POINTER = '👇';

/** A phone number as a visible line, so PC KakaoTalk (which hides phone buttons) still shows it. */
const phoneLine = (phone: string): string => `☎ ${phone}`;

const joinLines = (...parts: string[]): string => parts.filter((p) => p.length > 0).join('\n');

function textAtoms(body: string): Atom[] {
  return splitText(stripMarkdown(body), L.simpleTextMax, L.simpleTextVisible).map((text) => ({
    kind: 'text',
    text,
  }));
}

function chunk<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

/** Phone lines for the buttons of one card whose numbers the text does not show yet. */
function missingPhoneLines(buttons: CardButton[], shown: string): string {
  const lines: string[] = [];
  for (const b of buttons) {
    if (b.phone && !shown.includes(b.phone) && !lines.includes(phoneLine(b.phone))) {
      lines.push(phoneLine(b.phone));
    }
  }
  return lines.join('\n');
}

/**
 * A card as textCards: title ≤ 50 (the whole title moves into the text when cut), title + text
 * ≤ 400, 3 buttons per card. Text that does not fit follows as plain bubbles; further buttons go
 * on continuation cards with the same title.
 */
function cardAtoms(title: string, body: string, buttons: CardButton[]): Atom[] {
  const fullTitle = oneLine(title);
  let text = stripMarkdown(body).trim();
  if (buttons.length === 0) return textAtoms(joinLines(fullTitle, text));

  let shownTitle = fullTitle;
  if (fullTitle.length > L.textCardTitleMax) {
    shownTitle = shortenLabel(fullTitle, L.textCardTitleMax);
    text = joinLines(fullTitle, text);
  }

  const [first = [], ...more] = chunk(buttons, L.buttonsVerticalMax);
  const phones = missingPhoneLines(first, text);
  const room = L.textCardTotalMax - shownTitle.length - (phones ? phones.length + 1 : 0);
  let head = text;
  let tail = '';
  if (text.length > room) {
    // The piece that stays on the card follows the same boundary rules as long text.
    // `room` is always well above 200 (title ≤ 50, three phone lines), so a piece always fits.
    const [piece = ''] = splitText(text, Math.max(room, 1));
    head = piece;
    tail = text.slice(piece.length).trim();
  }
  const description = joinLines(head, phones) || (shownTitle ? '' : POINTER);
  const atoms: Atom[] = [{ kind: 'card', title: shownTitle, description, buttons: first }];
  if (tail) atoms.push(...textAtoms(tail));
  for (const group of more) {
    const groupPhones = missingPhoneLines(group, '');
    atoms.push({
      kind: 'card',
      title: shownTitle,
      description: groupPhones || (shownTitle ? '' : POINTER),
      buttons: group,
    });
  }
  return atoms;
}

function atomsOf(messages: OutboundMessage[]): Atom[] {
  return messages.flatMap((m) =>
    m.type === 'text' ? textAtoms(m.text) : cardAtoms(m.title, m.text, m.buttons),
  );
}

function atomToMessage(atom: Atom): OutboundMessage {
  return atom.kind === 'text'
    ? { type: 'text', text: atom.text }
    : { type: 'card', title: atom.title, text: atom.description, buttons: atom.buttons };
}

const isWebUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};
const isPhone = (phone: string): boolean => /^\+?[0-9-]{2,20}$/.test(phone);

/** The label as sent back when tapped: whole (typed-label matching needs it), one line. */
const spokenLabel = (label: string, fallback: string): string => capText(oneLine(label), 1000) || fallback;

function toKakaoButton(button: CardButton, index: number): KakaoButton {
  const label =
    shortenLabel(button.label, L.buttonLabelMax) ||
    (button.phone && isPhone(button.phone) ? button.phone : String(index + 1));
  if (button.postback !== undefined) {
    return {
      action: 'message',
      label,
      messageText: spokenLabel(button.label, label),
      extra: { postback: button.postback },
    };
  }
  if (button.url !== undefined && isWebUrl(button.url)) {
    return { action: 'webLink', label, webLinkUrl: button.url };
  }
  if (button.phone !== undefined && isPhone(button.phone)) {
    return { action: 'phone', label, phoneNumber: button.phone };
  }
  // A malformed button still works as typed text rather than breaking the whole answer.
  return { action: 'message', label, messageText: spokenLabel(button.label, label) };
}

function toQuickReply(reply: QuickReply, index: number): KakaoQuickReply {
  const label = shortenLabel(reply.label, L.quickReplyLabelMax) || String(index + 1);
  return {
    label,
    action: 'message',
    messageText: spokenLabel(reply.label, label),
    extra: { postback: reply.postback },
  };
}

function moreQuickReply(texts: KakaoRenderTexts): KakaoQuickReply {
  const label = shortenLabel(texts.more, L.quickReplyLabelMax) || '…';
  return { label, action: 'message', messageText: label, extra: { postback: KAKAO_MORE_POSTBACK } };
}

function toOutput(atom: Atom): KakaoOutput {
  if (atom.kind === 'text') return { simpleText: { text: atom.text } };
  return {
    textCard: {
      ...(atom.title ? { title: atom.title } : {}),
      ...(atom.description ? { description: atom.description } : {}),
      buttons: atom.buttons.map(toKakaoButton),
      buttonLayout: 'vertical',
    },
  };
}

/**
 * Renders a Reply as a Kakao SkillResponse that always passes the response schema. What does not
 * fit (more than 3 outputs, more than 10 quick replies) is returned as `overflow` and announced by
 * a "더 보기" quick reply (postback `kakao:more`).
 */
export function renderKakaoResponse(
  reply: Reply,
  texts: KakaoRenderTexts = KAKAO_FALLBACK_TEXTS.ko,
): KakaoRendered {
  const atoms = atomsOf(reply.messages);
  let page: Atom[];
  let quickReplies: KakaoQuickReply[];
  let overflow: Reply | null = null;

  if (atoms.length > L.outputsMax) {
    page = atoms.slice(0, L.outputsMax);
    quickReplies = [moreQuickReply(texts)];
    overflow = { messages: atoms.slice(L.outputsMax).map(atomToMessage), quickReplies: reply.quickReplies };
  } else if (reply.quickReplies.length > L.quickRepliesMax) {
    const shown = L.quickRepliesMax - 1;
    page = atoms;
    quickReplies = [...reply.quickReplies.slice(0, shown).map(toQuickReply), moreQuickReply(texts)];
    overflow = { messages: [], quickReplies: reply.quickReplies.slice(shown) };
  } else {
    page = atoms;
    quickReplies = reply.quickReplies.map(toQuickReply);
  }
  if (page.length === 0) {
    page = [{ kind: 'text', text: quickReplies.length > 0 ? texts.moreChoices : POINTER }];
  }

  const response: TemplateResponse = {
    version: '2.0',
    template: { outputs: page.map(toOutput), ...(quickReplies.length > 0 ? { quickReplies } : {}) },
  };
  // A renderer bug must never reach Kakao (it can restrict the bot): fall back to the apology.
  if (!skillResponseSchema.safeParse(response).success) return { response: apologyFor('ko'), overflow: null };
  return { response, overflow };
}

function apologyFor(language: Language, texts?: Texts): TemplateResponse {
  let sentence = KAKAO_FALLBACK_TEXTS[baseLanguage(language)].apology;
  try {
    if (texts?.has('kakao.apology')) sentence = texts.t('kakao.apology');
  } catch {
    // The fallback copy is already in place.
  }
  return {
    version: '2.0',
    template: { outputs: [{ simpleText: { text: capText(sentence, L.simpleTextMax) } }] },
  };
}

/** The answer given when a turn failed: HTTP 200 with a valid, kind apology. Never throws. */
export function renderKakaoApology(language: Language, texts?: Texts): TemplateResponse {
  return apologyFor(language, texts);
}

/** The callback acknowledgement (`template` is ignored by Kakao here, so it is left out). */
export function renderUseCallback(waitText: string): UseCallbackResponse {
  return { version: '2.0', useCallback: true, data: { text: waitText } };
}
