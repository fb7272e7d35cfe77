import type { Intent, TurnContext, TurnResult } from '../../bot/dialog';
import { textReply } from '../../bot/dialog/reply';

/**
 * Small talk and social turns: hello, thanks, bye, ㅇㅋ, ㅋㅋ, sorry, "너 누구야", "사람이야?".
 * A message is social only when it is made of such phrases and nothing else ("네 알겠습니다
 * 수고하세요" is ok + bye); anything more is a question for the other intents. "사람이야?" is always
 * answered with the truth: an AI.
 */
export type SocialKind = 'human' | 'who' | 'bye' | 'thanks' | 'sorry' | 'hello' | 'ok' | 'laugh';

// The reply goes to the strongest kind present: a "thanks, bye" gets the goodbye.
const ORDER: readonly SocialKind[] = ['human', 'who', 'bye', 'thanks', 'sorry', 'hello', 'ok', 'laugh'];

const PHRASES: Record<SocialKind, readonly string[]> = {
  human: [
    '사람이야',
    '사람이에요',
    '사람이세요',
    '사람인가요',
    '사람맞아',
    '사람맞아요',
    '진짜사람',
    '사람임',
    '너사람이야',
    '사람이랑얘기하는거야',
    '봇이야',
    '봇이에요',
    '봇이죠',
    '로봇이야',
    'ai야',
    'ai에요',
    'ai예요',
    'ai인가요',
    '챗봇이야',
    '챗봇이에요',
    'areyouhuman',
    'areyouarobot',
    'areyouabot',
    'isthisabot',
  ],
  who: [
    '너누구야',
    '누구야',
    '누구세요',
    '누구에요',
    '누구예요',
    '넌누구니',
    '너는누구야',
    '당신은누구세요',
    '이름이뭐야',
    '너이름뭐야',
    'whoareyou',
    "what'syourname",
    'whatareyou',
  ],
  bye: [
    'tạmbiệt',
    'tambiet',
    '再见',
    '拜拜',
    '수고하세요',
    '수고하셨습니다',
    '수고했어',
    '수고해',
    '안녕히계세요',
    '잘있어',
    '잘가',
    '바이',
    '빠이',
    'ㅂㅂ',
    'ㅂㅇ',
    '다음에봐',
    '다음에봐요',
    '또올게',
    '또올게요',
    '나중에봐',
    '잘자',
    '잘자요',
    '굿나잇',
    'bye',
    'goodbye',
    'seeyou',
    '이만',
    '이만갈게요',
    '끝',
    '끝!',
    '들어가세요',
  ],
  thanks: [
    '감사합니다',
    '감사해요',
    '감사',
    '고마워',
    '고마워요',
    '고맙습니다',
    '고맙다',
    'ㄱㅅ',
    'ㄳ',
    '땡큐',
    '땡스',
    '감솨',
    '덕분에',
    '도움이됐어요',
    '도움됐어',
    '도움이되었어요',
    'thanks',
    'thankyou',
    'thx',
    'ty',
    'cảmơn',
    'camon',
    'cámơn',
    'cảmơnbạn',
    'camonban',
    '谢谢',
    '谢谢你',
    '多谢',
    '감사드려요',
  ],
  sorry: [
    '미안',
    '미안해',
    '미안해요',
    '죄송해요',
    '죄송합니다',
    'ㅈㅅ',
    'sorry',
    '쏘리',
    '잘못눌렀어요',
    '잘못눌렀어',
  ],
  hello: [
    '안녕',
    '안녕하세요',
    '안녕하세여',
    '안뇽',
    '하이',
    'ㅎㅇ',
    '헬로',
    'hi',
    'hello',
    'hey',
    '반가워',
    '반가워요',
    '반갑습니다',
    '여보세요',
    '좋은아침',
    '좋은아침이에요',
    '저기요',
    // Vietnamese and Chinese greetings, with and without tone marks.
    'xinchào',
    'xinchao',
    'chàobạn',
    'chaoban',
    'chàochị',
    'chàoem',
    'chào',
    '你好',
    '您好',
    '大家好',
  ],
  ok: [
    'ㅇㅋ',
    'ㅇㅋㅇㅋ',
    '오케이',
    '오키',
    '오케',
    'ok',
    'okay',
    '알겠어',
    '알겠어요',
    '알겠습니다',
    '알았어',
    '알았어요',
    '네',
    '넵',
    '넹',
    '네네',
    '응',
    '웅',
    'ㅇㅇ',
    '좋아',
    '좋아요',
    '그래',
    '그래요',
    '굿',
    'good',
    'cool',
    '넵넵',
    '확인',
    '확인했어요',
    '잘알겠습니다',
    '그렇군요',
    '아하',
    '아하그렇구나',
    '그렇구나',
  ],
  laugh: ['ㅋ', 'ㅎ', 'ㅋㅋ', 'ㅎㅎ', 'ㅋㅋㅋ', 'ㅎㅎㅎ', 'lol', 'haha', '하하', '헤헤'],
};

// Words that soften a social phrase without adding to it ("혹시 봇이에요?", "아 네 감사해요").
const FILLERS = [
  '혹시',
  '근데',
  '그런데',
  '저기',
  '음',
  '아',
  '어',
  '오',
  '정말',
  '진짜',
  '너무',
  '넘',
  '완전',
  '많이',
  '다들',
  '모두',
];

// Longest phrases first, so "안녕히계세요" is not read as "안녕" and a leftover.
const ALL = [
  ...ORDER.flatMap((kind) => PHRASES[kind].map((phrase) => ({ kind: kind as SocialKind | null, phrase }))),
  ...FILLERS.map((phrase) => ({ kind: null, phrase })),
]
  .map(({ kind, phrase }) => ({ kind, phrase: phrase.toLowerCase() }))
  .sort((a, b) => b.phrase.length - a.phrase.length);

// Jamo laughs and tears repeat freely (ㅋㅋㅋㅋ, ㅠㅠ); punctuation, emoji and spaces carry no words.
const squash = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s.,!?~'"`^*♡♥:;()\-_！？。，、～]+/g, '')
    .replace(/\p{Extended_Pictographic}|\ufe0f/gu, '')
    .replace(/[ㅋ]{2,}/g, 'ㅋㅋ')
    .replace(/[ㅎ]{2,}/g, 'ㅎㅎ')
    .replace(/[ㅠㅜ]+/g, '');

/** The social kinds a whole message is made of, or null when it says anything else. */
export function readSocial(text: string): SocialKind[] | null {
  let rest = squash(text);
  if (rest.length === 0 || rest.length > 40) return null;
  const found = new Set<SocialKind>();
  // Greedy from the front: every piece must be a known phrase.
  while (rest.length > 0) {
    const next = ALL.find(({ phrase }) => rest.startsWith(phrase));
    if (!next) return null;
    if (next.kind) found.add(next.kind);
    rest = rest.slice(next.phrase.length);
  }
  return found.size > 0 ? ORDER.filter((kind) => found.has(kind)) : null;
}

function answerSocial(ctx: TurnContext, kinds: SocialKind[]): TurnResult {
  const kind = kinds[0] as SocialKind;
  const inFlow = ctx.state !== null;
  const lines = [ctx.texts.t(`core.social.${kind}`)];
  // A bare hello or ok at rest gets the menu offer; inside a flow the engine asks its question again.
  const quickReplies =
    !inFlow && (kind === 'hello' || kind === 'who' || kind === 'human')
      ? [{ label: ctx.texts.t('common.menu'), postback: 'menu:open' }]
      : [];
  return { reply: textReply(lines, quickReplies) };
}

/** The small-talk intent (scope and priority in the intent table: `core.social`). */
export const socialIntent: Intent = {
  name: 'core.social',
  match: (ctx) => !ctx.input.postback && readSocial(ctx.input.text) !== null,
  handle: async (ctx) => answerSocial(ctx, readSocial(ctx.input.text) ?? ['ok']),
};
