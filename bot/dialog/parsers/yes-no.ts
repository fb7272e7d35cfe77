/**
 * Yes / no / unsure in the words people type (응, ㅇㅇ, 넹, ㄱㄱ, 콜, 그럼요, 아니, ㄴㄴ, 싫어, 글쎄, 반반…), in
 * Korean, English, Vietnamese and Chinese. Returns null when the text is not an answer to a yes/no
 * question (a question back, something else): the dialog engine then treats it as a digression.
 * With the question's text, an answer in the question's own terms counts too: a district for "do you
 * live in Seoul", "지워주세요"/"취소" for a deletion, "나중에" for "shall we start now", "가끔" for the
 * direct question about thoughts of suicide (any frequency is a yes there: safety first).
 */
import { JOKE, NO, UNSURE, YES } from './yes-no-words';
import { answerInKorean } from './other-languages';
import { isSeoulResidence, livesApart } from './seoul-residence';
import { asksBack, expandInitials } from './normalise';

export type YesNo = 'yes' | 'no' | 'unsure';

export interface YesNoOptions {
  /** The question asked, so that answers in its own terms are understood. */
  question?: string;
}

// NFKC would turn the jamo people type (ㅇㅇ, ㄴㄴ) into conjoining letters: keep those as they are.
// A single ㅎ/ㅋ next to another jamo is part of an abbreviation ("ㅎㅇ" = hi), not laughter.
const squash = (text: string): string =>
  text
    .replace(/[^\u3130-\u318f]+/g, (part) => part.normalize('NFKC'))
    .toLowerCase()
    .replace(/[ㅋㅎㅠㅜ]{2,}/gu, '')
    .replace(/(?<![ㄱ-ㆎ])[ㅋㅎㅠㅜ](?![ㄱ-ㆎ])/gu, '')
    .replace(/(?:[\s.,!?~'"`()[\]{}·:;…^_\-*♡♥ㅡ]|\p{Extended_Pictographic}|\ufe0f|\u200d)+/gu, '');

const setOf = (words: readonly string[]): Set<string> => new Set(words.map(squash));
const UNSURE_SET = setOf(UNSURE);
const YES_SET = setOf(YES);
const NO_SET = setOf(NO);
const JOKE_SET = setOf(JOKE);

const YES_LEAD =
  /^(응|웅|엉|어(?=[ㄱ-ㅎ])|ㅇㅇ|ㅇㅋ|네|넹|넵|예|옙|그래|그럼|그러|그럴|맞다|암요|오케|그렇(?!지않|진않|지는않|지도않)|맞아|맞아요|물론|당연|오케이|오키|콜|ㄱㄱ|고고|좋(?:아|지|죠|습|네|다)|yes|yeah|yep|sure|ok|okay|vâng|vang|có|是|对|好)/u;
const NO_LEAD =
  /^(아니|아뇨|아녀|아냐|노노|노놉|놉|됐(?:어|다|습|지|네)|ㄴㄴ|싫|no|nope|nah|không|khong|不|没有)/u;
// A negation in another language before a feeling or a wish: no answer to a yes/no question.
const NEGATED_STATE =
  /^(?:(?:i'?m|i am|feeling)\s)?not\s(?:so|very|too|good|great|well|ok|okay|fine|feeling|happy)\b|^không\s(?:muốn|ổn|khỏe|khoẻ|vui|tốt|thích)|^khong\s(?:muon|on|khoe|vui|tot|thich)\b|^不(?:好|舒服|开心|開心|想|太好)/u;
const UNSURE_LEAD = /^(잘모르|모르겠|몰라|글쎄|반반|애매|고민|보류|아마|maybe|notsure|idk|不知道|不确定)/u;
/** An answer with something after it is still an answer if it is short ("네 그래주세요", "아니요 괜찮아요"). */
const MAX_TAIL = 14;

/** True for "농담이야", "장난이야", "just kidding": a denial that must not close a disclosure. */
export function isDenialJoke(text: string): boolean {
  const s = squash(text);
  if (JOKE_SET.has(s)) return true;
  return s.length <= 16 && /(농담|장난|해본말|한말이|뻥|구라|kidding|joking|joke|开玩笑)/u.test(s);
}

// Old-fashioned and regional endings read as the standard ones: "보내 주시오" = "보내 주세요", "그렇소" =
// "그렇소", "좋지예" = "좋지요", "그라믄" = "그러면", "그리 하세요" = "그렇게 하세요".
function standardEndings(s: string): string {
  return (
    s
      .replace(/시오$/u, '세요')
      .replace(/(?<=[지죠어아])예$/u, '요')
      .replace(/^몰러/u, '몰라')
      .replace(/^그라믄|^그람/u, '그러면')
      .replace(/^그리(?=하)/u, '그렇게')
      .replace(/읍니다/gu, '습니다')
      // Spelled as said or slipped ("조아", "시렁", "그레", "모르겟어", "글쎼", "넴", cute endings "-용/-영/-염").
      .replace(/겟/gu, '겠')
      .replace(/쎼/gu, '쎄')
      .replace(/^몰겠/u, '모르겠')
      .replace(/조아|좋와/gu, '좋아')
      .replace(/^(?:시렁|시러|실어)/u, '싫어')
      .replace(/^(?:그레|구래|그랭)/u, '그래')
      .replace(/^(?:렛츠고|레츠고|letsgo)/u, '고고')
      .replace(/^넴$|^녭$/u, '네')
      .replace(/(?<=[가-힣])(?:용|영|염)$/u, '요')
      // Chungcheong and other regional forms: "되유", "됐시유", "없슈", "그려", "그랴", "주셔요", "주이소".
      .replace(/시유$|슈$/u, '어요')
      .replace(/(?<=[가-힣])유$/u, '요')
      .replace(/^(?:그려|그랴)/u, '그래')
      .replace(/주셔요|주이소/gu, '주세요')
  );
}

// A contrast ("…는데", "…지만", "그래도 …", "근데 …") puts the answer in the last clause: "싫어할 텐데
// 그래도 보내 주세요", "예전엔 있었는데 지금은 ㄴㄴ". The clause is returned only when there is one.
function lastClause(text: string): string | null {
  const parts = text.split(
    /(?:는데|은데|인데|텐데|지만)(?=\s|\.|,)|(?<=\s|^)(?:그래도|근데|그런데|하지만)(?=\s)|(?<=\S\s)아니(?:\s?아니)?(?=\s)/u,
  );
  const last = parts[parts.length - 1]?.trim() ?? '';
  return parts.length > 1 && last.length > 0 ? last : null;
}

// "X지 않아" negates X: a negative X ("싫지 않아", "나쁘지 않아", "없진 않아") makes a yes, a positive one
// ("좋지 않아", "그렇진 않아") a no; "안 할 이유 없지" is a yes too.
function doubleNegation(s: string): YesNo | null {
  const m = /([가-힣]+?)(?:지|진|지는|지도)않/u.exec(s);
  if (m?.[1]) {
    if (/(?:싫|나쁘|없|아니|안되|별로|밉|귀찮)$/u.test(m[1])) return 'yes';
    if (/(?:좋|그렇|괜찮|맞|있|하고싶|원하)$/u.test(m[1])) return 'no';
  }
  if (/안\S{0,3}이유없/u.test(s)) return 'yes';
  return null;
}

// Thinking it over ("다시 생각해 볼게요", "고민 좀 해 보고요"); not for the direct question about self-harm,
// where "그런 생각 좀 해" is a yes.
const THINKING =
  /(?:다시|좀더|더)생각|생각(?:해|을)?(?:좀|해볼|해보고|해봐야|할시간)|고민(?:해|을)?(?:좀|해볼|해보고|해봐야)/u;
// Wishing someone not told ("할머니는 모르셨으면 좋겠어요", "비밀로 해 주세요"): a refusal of what would tell them.
const KEEP_FROM =
  /몰랐으면|모르셨으면|모르게해|알리지마|알리지말|알면안|비밀로|안알렸으면|안보냈으면|않았으면|안했으면/u;
// Resigned to it ("하기 싫은데 해야겠지", "풀어야지 뭐"): a yes, however reluctant; "안 해야지" is a no.
// A must said as a reason ("학원 가야 돼서", "숙제해야 되니까") is an excuse, not the answer.
// Only the bare verb counts: "숙제해야겠다" is about something else.
const MUST =
  /^(?:그래도|그냥|뭐|결국|어쩔수없이|할수없이|일단|안)*(?:해|풀어|봐|보내|지워|들어|받아|줘)야(?:겠|지|돼|되|할듯|할것)(?!서|니까|니|어서|가지고|는데)/u;
// Asking oneself ("지워도 되나", "풀까") while saying one does not know: unsure.
const SELF_ASKED = /(?:되나|될까|할까|풀까|볼까|하나|되려나|괜찮을까|맞나|을까)$/u;
const NOT_KNOWING = /모르겠|몰라|글쎄|헷갈|고민/u;

// Rulings that hold whatever the question's own terms say (undefined = no ruling).
function beforeQuestionTerms(kind: QuestionKind, s: string): YesNo | null | undefined {
  if (kind === 'risk') return undefined;
  if (THINKING.test(s) && !/필요없|없이/u.test(s)) return 'unsure';
  if ((kind === 'send' || kind === 'other') && (KEEP_FROM.test(s) || /비밀(?:이|임|로|요)/u.test(s)))
    return 'no';
  if (SELF_ASKED.test(s)) return NOT_KNOWING.test(s) ? 'unsure' : null;
  if (MUST.test(s)) return /^안|안(?:해|풀어|봐|보내|지워)야/u.test(s) ? 'no' : 'yes';
  return undefined;
}

// Registered in one place, living in another ("주민등록은 서울인데 지금은 …"): only the person can say which counts.
const registeredElsewhere = (s: string): boolean =>
  /주소|주민등록|전입/u.test(s) && /는데|인데|지만|실제로|지금은/u.test(s);

type QuestionKind = 'seoul' | 'risk' | 'delete' | 'now' | 'send' | 'other';

function questionKind(question: string | undefined): QuestionKind {
  if (!question) return 'other';
  // The question in the person's own language: Vietnamese, Chinese, English.
  if (/서울.*(?:살|거주)|거주.*서울|seoul|首尔|首爾/iu.test(question)) return 'seoul';
  if (/죽고|해치|자해|사라지고|스스로를/u.test(question)) return 'risk';
  if (/삭제|지울|지워|xóa|xoá|删除|刪除|delete/iu.test(question)) return 'delete';
  if (/지금|시작|풀어\s?볼|해\s?볼/u.test(question)) return 'now';
  if (/보내|알려|받아/u.test(question)) return 'send';
  return 'other';
}

// Answers in the question's own terms, read on the squashed text; undefined = no opinion.
function inQuestionTerms(kind: QuestionKind, s: string, text: string): YesNo | null | undefined {
  if (kind === 'seoul') {
    if (/반반|반은.*반은|평일엔.*주말엔|주소만/u.test(s) || registeredElsewhere(s) || livesApart(text))
      return 'unsure';
    const place = isSeoulResidence(text);
    if (place) return place;
    // The question's own verb said back ("살아요", "네 살고 있어요").
    if (/^(?:네|예|응|ㅇㅇ)?(?:살아|살고있|삽니다|살지|살죠|거주)/u.test(s) && !/[?？]/u.test(text))
      return 'yes';
  }
  if (kind === 'risk') {
    if (/것같기도하고.*아닌|아닌것같기도/u.test(s)) return 'unsure';
    // "아니 … 진짜는 아님": a figure of speech explained away.
    if (/^(?:아니|노노|ㄴㄴ)/u.test(s) && /진짜(?:는|로)?아니|진짜(?:는|로)?아님|진심(?:은|으로)?아/u.test(s))
      return 'no';
    if (/ㅋ/u.test(text) && /죽고싶|죽겠/u.test(s) && /숙제|시험|공부|학원|배고|피곤/u.test(s))
      return 'unsure';
    const refuses = /말안할|말하기싫|말못하겠|대답안할|대답하기싫|그런질문하지마/u.test(s);
    // "응 근데 말하기 싫어": the yes comes first, the refusal is only about saying more.
    if (refuses) return /^(?:응|어|엉|웅|네|예|ㅇㅇ|있어|그래)/u.test(s) ? 'yes' : null;
    if (/^아니|^ㄴㄴ|^노노|없(?:어|음|다|습)(?!지|졌)|전혀|1도|지금은아|안그래|그정도는아|별로|안들/u.test(s))
      return 'no';
    if (/^괜찮|^(?:요즘|지금|이제)(?:은|는)?괜찮/u.test(s) || /^(?:그런|그럴|그)(?:건|거|게)아니/u.test(s))
      return 'no';
    // "그냥 그래", "몰라 그럭저럭": so-so, neither a yes nor a no.
    if (/(?:그냥|그저)그래|그럭저럭|그냥저냥|쏘쏘/u.test(s) && !/^(?:응|어|엉|웅|네|예|ㅇㅇ|있)/u.test(s))
      return 'unsure';
    if (
      /가끔|조금|좀|쫌|쪼금|약간|많이|자주|매일|요즘|솔직히|있(?:어|긴|지|는|을|었|음|다|습)|그랬어|그래|사라지|사라졌|없어지고|없어졌으면|죽었으면|죽어버|죽고|긁|그을|그었|그어|긋|때린적/u.test(
        s,
      )
    ) {
      return 'yes';
    }
  }
  if (kind === 'delete') {
    if (/알아서해|몰라알아서/u.test(s)) return null;
    if (
      /취소|하지마|지우지마|안지울|안지워|실수|안할래|안해|안돼|실수로|잠깐아니|그냥둘|그대로|남겨|놔둬|냅둬|놔두|둬(?:요|라)?$|두세요|둘래|둘게|두자/u.test(
        s,
      ) ||
      /아니/u.test(s)
    )
      return 'no';
    if (/삭제|지워|지워줘|확실해|^확인/u.test(s) && !/[?？]/u.test(text)) return 'yes';
  }
  if (kind === 'now') {
    // "지금은 좀…", "지금은 안 돼요": not now.
    if (/^지금은?(?:좀|안|못|힘들|어렵|별로|말고)/u.test(squash(text))) return 'no';
    // Busy somewhere else right now ("지금 학원이야", "버스 타는 중").
    if (
      /^(?:지금)?(?:학원|수업|학교|밖|버스|지하철|이동|운전|알바|일하|샤워|씻)(?:이야|이에요|이라|에|중|가는|타는|하는)/u.test(
        s,
      )
    )
      return 'no';
    if (/^잠깐만?$/u.test(s)) return null;
    if (/몰라.*귀찮|귀찮.*몰라/u.test(s)) return 'unsure';
    if (
      /later|notnow|지금(?:은)?말고|(?:분|시간)(?:뒤|후|있다)|그만|나중|이따|있다가|다음에|담에|내일|주말에|오늘은|쉴래|안돼|못해|안할|안해|먹는중|하는중|가야돼|가야해|바빠|피곤|졸려|졸림|힘들|귀찮|싫/u.test(
        s,
      )
    )
      return 'no';
    // "하나만 풀고 잘래": solving first, then something else.
    if (/풀고(?:잘|쉴|놀|나갈|갈|밥|씻)/u.test(s)) return 'yes';
    // "밥 먹고 할게": after something else, so not now.
    if (
      /[가-힣](?:고|고나서|다가)(?:할게|할래|풀게|풀래|해볼게|할께)/u.test(s) &&
      !/^(?:응|네|예|ㅇㅇ|좋아)/u.test(s)
    )
      return 'no';
    if (
      /풀래|풀게|할게|할래|해볼게|해볼래|해보자|하자|풀자|가즈아|가보자|ㄱㄱ|고고|한문제만|시작|ㅇㅋㄷㅋ/u.test(
        s,
      )
    )
      return 'yes';
  }
  if (kind === 'send') {
    if (/보내지마|안보내|필요없|일없|보내지말|싫어/u.test(s) && !/이?면(?:괜찮|좋)/u.test(s)) return 'no';
    // Only to one of them ("아빠한테만요"): a yes, for that one.
    if (/^\S{1,6}(?:한테|에게|께)만(?:요|보내|이요)?/u.test(s)) return 'yes';
    // The parent would not read it ("엄마는 바빠서 안 볼 거 같아요").
    if (/안볼|안봐|못봐|안읽|못읽|안보실/u.test(s)) return 'no';
    // Leave given ("보내도 돼요", "보내셔도 괜찮아요").
    if (/보내(?:셔)?도(?:돼|되|괜찮|좋)/u.test(s) && !/[?？]/u.test(text)) return 'yes';
    // "괜찮습니다" is "no thanks" or "fine, go ahead": ask again.
    if (/^괜찮(?:아|아요|습니다)$/u.test(s)) return null;
    if (/보내주세요|보내줘|보내도돼|보내주시면|해주세요|부탁/u.test(s) && !/[?？]/u.test(text)) return 'yes';
    // "매주 말고 한 달에 한 번이면": another offer, not a yes or a no.
    if (/말고/u.test(s)) return null;
    // Acceptance on a condition that the offer meets ("일주일에 1번이면 괜찮고").
    if (/이?면(?:괜찮|좋)/u.test(s)) return 'yes';
  }
  return undefined;
}

/** Parses a typed yes/no answer; null when it is not one. Pass the question to read answers in its terms. */
export function parseYesNo(typed: string, options: YesNoOptions = {}): YesNo | null {
  const text = answerInKorean(typed, 'yes_no');
  const expanded = expandInitials(text);
  if (questionKind(options.question) === 'seoul' && registeredElsewhere(squash(expanded))) return 'unsure';
  // "선생님도 봐요? 그럼 싫어요", "풀까..? 모르겠다": what is said after a question decides, when it answers.
  const asked = Math.max(expanded.lastIndexOf('?'), expanded.lastIndexOf('？'));
  const afterQuestion = asked >= 0 ? expanded.slice(asked + 1).trim() : '';
  const answered = /[가-힣a-z]/u.test(afterQuestion) ? readAnswer(afterQuestion, options) : null;
  if (answered) return answered;
  // "서울인데 왜요?": an answer said before a question back still answers.
  const beforeAsking = /^(.+?)(?:인데|는데|은데|지만)\s?(?:왜|뭐|근데|그건)/u.exec(expanded)?.[1];
  const answeredBefore = beforeAsking ? readAnswer(beforeAsking, options) : null;
  if (answeredBefore) return answeredBefore;
  const whole = readAnswer(expanded, options);
  // After a contrast the last clause decides, when it answers at all.
  const clause = lastClause(expanded);
  // "응 아니 잠깐만": taken back to think, so no answer yet; "네 아니 잠깐 아니요": the answer after the pause.
  const paused = clause === null ? null : /^(?:잠깐만?|잠시만|잠만|기다려)(.*)$/u.exec(clause.trim());
  if (paused) return paused[1]?.trim() ? readAnswer(paused[1].trim(), options) : null;
  const last = clause === null ? null : readAnswer(clause, options);
  return last ?? whole;
}

function readAnswer(text: string, options: YesNoOptions): YesNo | null {
  if (/🙅|🙅‍♂️|🙅‍♀️|❌|👎/u.test(text)) return 'no';
  if (/👍|👌|🙆|⭕/u.test(text) && squash(text).length === 0) return 'yes';
  // Fillers in front ("음..", "흠", "일단", "지금은") say nothing either way.
  // Interjections in front ("아 맞다", "앗 네") say nothing either way.
  const said = text.replace(/^\s*(?:아+|앗|어머|헐|오|마|고마)\s+(?=\S)/u, '');
  const s = standardEndings(squash(said).replace(/^(?:음+|흠+|으음|일단|지금은|이제는|이젠)+(?=.)/u, ''));
  if (s.length === 0) return null;
  // "그럼 안 돼", "그러면 보내 주세요": 그럼 here is "then", and what follows answers.
  const then = /^(?:그럼|그러면|그렇다면|그러믄)(?!요|요\S)(.{2,})$/u.exec(s);
  if (then?.[1]) return readAnswer(then[1], options);
  if (isDenialJoke(text)) return 'no';
  if (/^(?:뭐|뭔|무슨|왜|어떤|어디|언제|누가|누구|몇)/u.test(s)) return null;
  // A question back ("누구를 말하는 거요?") and leaving it to someone else ("애한테 물어볼게요") are not answers.
  // An answer said before the question back still counts ("서울 사는 거 맞는데 왜 물어봐요?").
  const answeredFirst = /^(?:응|네|예|ㅇㅇ|아니|노노)|맞(?:는데|지만|아)/u.test(s);
  if (/[?？]/u.test(text) && asksBack(text) && !answeredFirst) return null;
  if (/물어\s?볼|물어보|여쭤|한테물|에게물/u.test(s)) return null;
  // A mis-tap taken back ("잘못 눌렀어요", "실수로") refuses whatever was asked.
  if (/잘못(?:눌|누|보냈|쳤)|실수로/u.test(s)) return 'no';
  // "생각 좀 해볼게요" is thinking it over, not "해볼게요".
  if (/^(?:생각|고민)/u.test(s) && !/^생각없/u.test(s)) return 'unsure';
  const kind = questionKind(options.question);
  const ruling = beforeQuestionTerms(kind, s);
  if (ruling !== undefined) return ruling;
  const double = doubleNegation(s);
  if (double) return double;
  const own = inQuestionTerms(kind, s, text);
  if (own !== undefined) return own;
  if (UNSURE_SET.has(s)) return 'unsure';
  if (NO_SET.has(s)) return 'no';
  if (YES_SET.has(s)) return 'yes';
  // A question back is not an answer ("네? 뭐라고요", "응 근데 그게 뭐야?").
  if (/[?？]/.test(text) && !/^(네|예|응)[?？]*$/.test(text.trim())) {
    if (asksBack(text) || !/^(반반|조금|글쎄)/u.test(s)) return null;
  }
  // A long answer in another language led by its yes or no ("không, tôi sống ở Incheon").
  // Vietnamese marks dropped, as the word lists spell it ("không" = "khong").
  const lead = squash(said.split(/[\s,.!]+/u)[0] ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gu, 'd');
  // Only a lead word set apart by a mark ("không, …"): "không muốn gì nữa" and "not so good" say how
  // someone is, and must not be read as a no to the direct question.
  const setApart = /^\S+(?:\s?[,.!]|$)/u.test(said.trim());
  if (!/[가-힣]/u.test(said) && setApart && NO_SET.has(lead)) return 'no';
  if (!/[가-힣]/u.test(said) && setApart && YES_SET.has(lead)) return 'yes';
  if (s.length > MAX_TAIL + 4) return null;
  // A hedged judgement ("좋을 것 같아요", "아마 괜찮을 듯") leans the way of what is judged.
  if (/(?:좋을|괜찮을|될|그럴)(?:것같|거같|듯)/u.test(s)) return 'yes';
  if (/(?:아닐|안될|싫을)(?:것같|거같|듯)/u.test(s)) return 'no';
  if (/까말까/u.test(s)) return 'unsure';
  if (UNSURE_LEAD.test(s)) return 'unsure';
  // "not so good", "không muốn gì nữa", "不舒服": a negated state or wish says how someone is, not "no".
  if (NEGATED_STATE.test(said.trim().toLowerCase())) return null;
  if (NO_LEAD.test(s)) return 'no';
  if (YES_LEAD.test(s)) return 'yes';
  // The question's own verb said back: refused ("안 받을래요", "그만할래", "틀려요") or accepted ("연결해줘", "계속할게요").
  if (
    /^안(?!녕)|^못|안받|안할|안해|안돼|지마|지말|말래|말게|그만|여기까지|싫|필요없|일없|틀려|틀렸|아님/u.test(
      s,
    )
  )
    return 'no';
  // Only a short answer, or one that repeats the question's words: "상담원 연결해주세요" to a quiz question is a digression.
  const echoes = (q: string): boolean =>
    [...Array(Math.max(0, s.length - 1)).keys()].some((i) => q.includes(s.slice(i, i + 2)));
  const fits = s.length <= 6 || (options.question !== undefined && echoes(squash(options.question)));
  if (
    fits &&
    /(할게|할래|할께|받을게|받을래|받을께|해줘|해주세요|해줄래|줘요|주세요|줄래|볼게|볼래|계속|좋아|좋습|맞아|맞습|맞음|그래|가능)/u.test(
      s,
    )
  )
    return 'yes';
  if (/^(?:[ㄱ]{1,3}|[ㅇ]{1,3})$/u.test(s)) return s.startsWith('ㄱ') ? 'yes' : 'yes';
  // "더 할래", "한 문제 더": asking for more is a yes to going on.
  if (/^(?:한|두)?(?:문제|개|번)?더(?:요|주세요|줘|할래|풀래|해)?$|^더(?:할|풀)/u.test(s)) return 'yes';
  return options.question === undefined ? null : inQuestionWords(s, squash(options.question));
}

// The question's own word said back: alone or with a plain go-ahead it agrees ("동의합니다", "연결 ㄱㄱ"),
// negated it refuses ("비동의", "동의 안 함").
function inQuestionWords(s: string, question: string): YesNo | null {
  let core = 0;
  while (core < s.length && question.includes(s.slice(0, core + 1))) core += 1;
  if (core < 2) {
    const word = s.slice(1, 3);
    const found = question.indexOf(word);
    if (/^비/u.test(s) && s.length >= 3 && found >= 0 && /^[하해할합]/u.test(question.slice(found + 2)))
      return 'no';
    return null;
  }
  // Only the question's verb counts (a 하다 word: "동의하시나요", "연결해 드릴까요"), not any noun in it.
  const at = question.indexOf(s.slice(0, core));
  if (!/^[하해할합]/u.test(question.slice(at + core))) return null;
  const rest = s.slice(core);
  if (/^(?:안|않|못)|안함|안합|안해|안할|싫/u.test(rest)) return 'no';
  if (
    /^(?:요|이요|합니다|해요|해|함|할게요?|할래요?|고고|ㄱㄱ|해주세요|해줘|부탁해요|부탁드려요|부탁드립니다|ok|오케이|좋아요?|좋습니다)?$/u.test(
      rest,
    )
  )
    return 'yes';
  return null;
}
