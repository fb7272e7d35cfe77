import { randomBytes } from 'node:crypto';
import { textReply } from '../../bot/dialog/reply';
import type { Logger } from '../../bot/logger';
import type { Reply } from '../../bot/messages';
import type { Language } from '../../bot/people';
import type { TextsByLanguage } from '../../bot/texts-loader';
import type { KakaoHeldStore } from './held-store';
import { KAKAO_MORE_POSTBACK, kakaoRenderTexts, renderKakaoApology, renderKakaoResponse } from './render';
import type { TemplateResponse } from './response-schema';

/** A turn's answer before rendering. `crisisMessages`: how many leading messages are the crisis reply. */
export interface Composed {
  reply: Reply;
  crisisMessages: number;
  language: Language;
  /** People the reply's content is about besides the user (a student's words in an alert). */
  subjects?: string[];
}

/** One sentence from the catalogue as a composed answer (no crisis part, no subjects). */
export const sentenceComposed = (texts: TextsByLanguage, language: Language, key: string): Composed => ({
  reply: textReply(texts[language].t(key)),
  crisisMessages: 0,
  language,
});

/**
 * Two "더 보기" taps a few seconds apart are the same (user, utterance, extra) to the double-tap
 * window; a page mark in the quick reply's extra keeps the second tap from getting page one again.
 */
export function markPage(response: TemplateResponse, page = randomBytes(4).toString('base64url')): void {
  for (const q of response.template.quickReplies ?? []) {
    if (q.extra?.postback === KAKAO_MORE_POSTBACK) q.extra = { ...q.extra, page };
  }
}

/** Renders an answer (never invalid) and keeps what did not fit for "더 보기". */
export function createFinisher(deps: {
  texts: TextsByLanguage;
  log: Logger;
  store: Pick<KakaoHeldStore, 'storeOverflow'>;
  who: (botUserKey: string) => string;
}): (botUserKey: string, composed: Composed) => Promise<TemplateResponse> {
  const { texts, log } = deps;
  return async function finish(botUserKey, composed) {
    try {
      const { response, overflow } = renderKakaoResponse(
        composed.reply,
        kakaoRenderTexts(texts[composed.language]),
      );
      if (overflow) markPage(response);
      await deps.store
        .storeOverflow(botUserKey, overflow, composed.subjects)
        .catch((error: unknown) =>
          log.warn(
            { err: error, user: deps.who(botUserKey) },
            'kakao overflow not stored; "더 보기" will find nothing',
          ),
        );
      return response;
    } catch (error) {
      log.error({ err: error }, 'kakao rendering failed');
      return renderKakaoApology(composed.language, texts[composed.language]);
    }
  };
}
