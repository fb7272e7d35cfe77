/**
 * Yes / no / unsure in the words people type (응, ㅇㅇ, 넹, ㄱㄱ, 콜, 그럼요, 아니, ㄴㄴ, 싫어, 글쎄, 반반…), in
 * Korean, English, Vietnamese and Chinese. Returns null when the text is not an answer to a yes/no
 * question (a question back, something else): the dialog engine then treats it as a digression.
 */
export type YesNo = 'yes' | 'no' | 'unsure';

// NFKC would turn the jamo people type (ㅇㅇ, ㄴㄴ) into conjoining letters: keep those as they are.
const squash = (text: string): string =>
  text
    .replace(/[^\u3130-\u318f]+/g, (part) => part.normalize('NFKC'))
    .toLowerCase()
    .replace(/(?:[\s.,!?~'"`()[\]{}·:;…^_\-*♡♥ㅎㅋㅠㅜ]|❤|\ufe0f|😊|🙂|👍|👌|🙏)+/gu, '');

// Whole answers, after squashing; prefixes allow "네네", "응응", "아니요 괜찮아요" handled by the lead word.
const UNSURE = [
  '잘모르겠어',
  '잘모르겠어요',
  '모르겠어',
  '모르겠어요',
  '모르겠다',
  '몰라',
  '몰라요',
  '모름',
  '잘몰라',
  '잘몰라요',
  '글쎄',
  '글쎄요',
  '글쌔',
  '반반',
  '애매해',
  '애매해요',
  '애매함',
  '그럴수도',
  '그럴수도있어',
  '그럴지도',
  '가끔',
  '가끔요',
  '가끔은',
  '조금',
  '조금요',
  '좀',
  '약간',
  '약간요',
  '살짝',
  '쪼금',
  '어쩌면',
  '아마도',
  '아마',
  '헷갈려',
  '헷갈려요',
  '생각해볼게',
  '생각해볼게요',
  '생각좀',
  'ㅁㄹ',
  'ㅁㄹㄱㅇ',
  'maybe',
  'notsure',
  'idk',
  'idontknow',
  'dontknow',
  'kindof',
  'sortof',
  'sometimes',
  'khongbiet',
  'kobiet',
  'kbiet',
  'cole',
  'chac',
  '不知道',
  '不确定',
  '可能',
  '也许',
  '有时候',
  '有点',
];
const YES = [
  '응',
  '웅',
  '엉',
  '어',
  '어어',
  '으응',
  'ㅇ',
  'ㅇㅇ',
  'ㅇㅇㅇ',
  '네',
  '넹',
  '넵',
  '녜',
  '예',
  '옙',
  '예스',
  '네네',
  '넵넵',
  '응응',
  '웅웅',
  '그래',
  '그래요',
  '그럼',
  '그럼요',
  '물론',
  '물론이죠',
  '당연',
  '당연하지',
  '당연하죠',
  '맞아',
  '맞아요',
  '맞습니다',
  '맞음',
  'ㅇㅋ',
  '오케이',
  '오키',
  '옥희',
  '콜',
  'ㄱㄱ',
  'ㄱ',
  '고고',
  '가자',
  '좋아',
  '좋아요',
  '좋습니다',
  '좋지',
  '좋죠',
  '좋음',
  '괜찮아요',
  '할래',
  '할래요',
  '해줘',
  '해주세요',
  '해요',
  '할게',
  '할게요',
  '부탁해',
  '부탁해요',
  '부탁드려요',
  '네부탁드려요',
  '그렇다',
  '그렇습니다',
  '그런편',
  '그런거같아',
  '그런것같아',
  '그런것같아요',
  '있어',
  '있어요',
  '있습니다',
  '들어',
  '들어요',
  '들었어',
  '진짜',
  '사실',
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'y',
  'ok',
  'okay',
  'sure',
  'ofcourse',
  'co',
  'vang',
  'da',
  'ung',
  'dung',
  'duoc',
  'ok',
  '是',
  '是的',
  '对',
  '对的',
  '好',
  '好的',
  '嗯',
  '有',
];
const NO = [
  '아니',
  '아니요',
  '아뇨',
  '아녀',
  '아닝',
  '아냐',
  '아니야',
  '아니에요',
  '아닙니다',
  '아님',
  '노',
  '놉',
  'ㄴ',
  'ㄴㄴ',
  'ㄴㄴㄴ',
  '싫어',
  '싫어요',
  '싫음',
  '시러',
  '안해',
  '안할래',
  '안할래요',
  '됐어',
  '됐어요',
  '괜찮아',
  '괜찮습니다',
  '없어',
  '없어요',
  '없습니다',
  '없음',
  '전혀',
  '전혀요',
  '절대',
  '절대아니',
  '그런거없어',
  '그런거없어요',
  '그런생각없어',
  '그런생각은없어',
  '그런생각안해',
  '안들어',
  '안들어요',
  '그렇진않아',
  '그렇지않아',
  '그렇지않아요',
  '그건아니야',
  '그건아니에요',
  '아닌데',
  '아닌데요',
  'no',
  'nope',
  'nah',
  'n',
  'notreally',
  'never',
  'khong',
  'ko',
  'k',
  'khongco',
  '不',
  '不是',
  '没有',
  '不要',
  '不用',
];
// Denials said after a disclosure: answered as "no", but the dialog may keep the question open.
const JOKE = [
  '농담',
  '농담이야',
  '농담이에요',
  '농담임',
  '농담인데',
  '장난',
  '장난이야',
  '장난이에요',
  '장난임',
  '장난친거야',
  '그냥해본말',
  '그냥해본말이야',
  '그냥한말',
  '그냥한말이야',
  '뻥',
  '뻥이야',
  '구라',
  '구라야',
  '개구라',
  'ㅋㅋ농담',
  'justkidding',
  'jk',
  'kidding',
  'joking',
  'itwasajoke',
  'dua',
  'duathoi',
  '开玩笑',
  '开玩笑的',
];

const setOf = (words: readonly string[]): Set<string> => new Set(words.map(squash));
const UNSURE_SET = setOf(UNSURE);
const YES_SET = setOf(YES);
const NO_SET = setOf(NO);
const JOKE_SET = setOf(JOKE);

const YES_LEAD =
  /^(응|웅|엉|ㅇㅇ|네|넹|넵|예|옙|그래|그럼|맞아|맞아요|ㅇㅋ|오케이|콜|ㄱㄱ|좋아|yes|yeah|yep|sure|ok|okay|vâng|vang|có|是|对|好)/u;
const NO_LEAD = /^(아니|아뇨|아녀|아냐|ㄴㄴ|싫어|no|nope|nah|không|khong|不|没有)/u;
const UNSURE_LEAD =
  /^(잘모르|모르겠|몰라|글쎄|반반|애매|가끔|조금|약간|좀|살짝|아마|maybe|notsure|idk|不知道|不确定)/u;
/** An answer with something after it is still an answer if it is short ("네 그래주세요", "아니요 괜찮아요"). */
const MAX_TAIL = 14;

/** True for "농담이야", "장난이야", "just kidding": a denial that must not close a disclosure. */
export function isDenialJoke(text: string): boolean {
  const s = squash(text);
  if (JOKE_SET.has(s)) return true;
  return s.length <= 16 && /(농담|장난|해본말|한말이|뻥|구라|kidding|joking|joke|开玩笑)/u.test(s);
}

/** Parses a typed yes/no answer; null when it is not one. */
export function parseYesNo(text: string): YesNo | null {
  const s = squash(text);
  if (s.length === 0) return null;
  if (isDenialJoke(text)) return 'no';
  if (UNSURE_SET.has(s)) return 'unsure';
  if (NO_SET.has(s)) return 'no';
  if (YES_SET.has(s)) return 'yes';
  // A question back is not an answer ("네? 뭐라고요", "응 근데 그게 뭐야?").
  if (/[?？]/.test(text) && !/^(네|예|응)[?？]*$/.test(text.trim())) return null;
  if (s.length > MAX_TAIL + 4) return null;
  if (UNSURE_LEAD.test(s)) return 'unsure';
  if (NO_LEAD.test(s)) return 'no';
  if (YES_LEAD.test(s)) return 'yes';
  return null;
}
