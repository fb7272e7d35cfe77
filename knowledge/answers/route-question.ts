import { extractFacts, type EligibilityFacts } from '../eligibility/extract';
import { detectLanguage } from '../language/detect';
import { routeOtherLanguage } from './route-other-languages';

/**
 * Tells a fact question about the programme ("서울런은 몇 살까지 돼요?", "다문화 가정은 어떤 서류를 내야
 * 돼요?") from a request to check one's own child ("우리 애도 되나요? 중2고 한부모예요") and from
 * everything else (greetings, thanks, quiz, log-in trouble, asking for a person, small talk).
 *
 * A rule asked about in general ("자퇴한 애들도 되나요?", "4인가구면 얼마 이하여야 돼요?") is a fact
 * question even when it names a group or a number; what makes a check is a person of one's own
 * (우리 애, 저, 제 딸, 손주, 동생) or facts stated about someone ("24살인데 차상위예요", "중2 수급자
 * 마포구"). Patterns run on a compact copy (no spaces, lower case) because people type without spaces.
 */

export type RouteKind = 'fact' | 'check' | 'other';

export interface RouteResult {
  kind: RouteKind;
  /** For a check: the facts the message already gives, to start the check with. */
  facts?: EligibilityFacts;
}

const compact = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s~!'"“”‘’()[\]{}·.,]+/g, '');

// ---------- a person of one's own ----------

/** Someone the writer speaks for (compact text): their child, a grandchild, a sibling, a ward. */
const OWN_PERSON = new RegExp(
  [
    // "우리 애", "우리애", "울 애", "저희 아이", "제 딸", "내 동생", "우리 손녀", "우리 둘째"
    '(?:우리|울|저희|내)(?:집)?(?:애|아이|아들|딸|손주|손자|손녀|동생|둘째|첫째|막내|큰애|작은애|조카|애들|아이들)',
    '(?<!형)제(?:딸|아들|아이|동생|손주|손자|손녀|조카)',
    '저희(?:는|가|도|같은|집)|우리(?:도|같은|집|가족)',
    '저얘기|제얘기|내얘기',
    // relatives one looks after
    '손주|손자|손녀|조카|사촌동생|(?:형|언니|누나|오빠)(?:은|는|이|가)(?:이미|벌써)?[가-힣0-9]*(?:하|인데|이고|고)',
    '(?:큰애|작은애|첫째|둘째|막내|큰놈|작은놈|큰딸|큰아들|쌍둥이)',
    '(?:딸아이|아들내미|딸내미|아들놈|손녀딸|애기)(?:가|는|이|은)',
    // "중2 딸인데", "초3 아들이에요": one's own child described.
    '(?:딸|아들)(?:인데|이에요|예요|이고|입니다|이요|하나)',
    // "혼자 애 키우는데", "손주 키우고 있어요": one's own situation.
    '(?:애|아이|손주|손자|손녀|조카)[가-힣]{0,3}키우(?:는데|고있|고요)|키워요',

    '남편(?:이|은)?[가-힣]*(?:보훈|유공|중국|베트남|장애|실직|연봉|월)',
    '엄마(?:가|는)(?:베트남|중국|필리핀|외국|탈북)',
    '(?:엄마|아빠|할머니|할아버지)(?:랑|와)[가-힣]*(?:살아|살고|사는|둘)',
  ].join('|'),
);

/** One's child named at the start of a word (spaced text): "애가 초3", "아이 9살", "아들 17", "딸 둘". */
const CHILD_WORD =
  /(?:^|\s)(?:애|아이|아들|딸|동생)(?:가|는|이|은)?\s?(?=[0-9]|초|중|고|대학|올해|이제|지금|내년|학교|소아|건강|장애|adhd|보육원|그룹홈|지역아동|아동복지|시설|열|스무|둘|셋|넷|하나)/;

/** The writer themself, as a word of its own (spaced text): "저 고1", "저도 돼요", "나 재수생", "제가". */
const SELF_WORD =
  /(?:^|\s)(?:저|나|저는|나는|저도|나도|저두|제가|내가|저희|저희는|저희도|우리도)(?=\s|$|[0-9])|(?:^|\s)(?:저|나)(?=[0-9]|초[1-6]|중[1-6]|고[1-6])/;

/** A general subject: "자퇴한 애들도", "경기도 사는 사람도", "유치원생은", "학생도". */
const GENERAL_SUBJECT =
  /(?:사람|애들|아이들|학생|청소년|가정|가족|가구|자녀|아이|애|생|민|자|모|층)(?:도|은|는)(?:[가-힣]{0,12})(?:되|돼|가능|대상|할수|들을수|신청|가입|포함|해당|인정|쳐|어떻게|어케)/;

/** "…이면/…면 되나요": a case put hypothetically. */
const HYPOTHETICAL =
  /(?:이면|[가-힣]면|라면)(?:[가-힣]{0,10})(?:되|돼|어떻게|얼마|몇|무조건|포함|인정|따로|바로|상관|끊기|계속|아직)/;

/** A grade or age stated on its own ("초5예요", "17살이에요", "중2입니다"): someone in particular. */
const STATED_GRADE =
  /(?:[초중고][1-6]|\d{1,2}살|\d{1,2}세|[1-6]학년)(?:이에요|예요|에요|입니다|이요|요|임)(?![가-힣])/;

/** "장애인 가정인데", "한부모인데": one's own situation stated before asking. */
const STATED_SITUATION =
  /(?:가정|가족|가구|수급자|차상위|한부모|다문화|유공자|대상자)(?:인데|이에요|예요|입니다|이고)(?!도)/;

/** "24살인데", "고1이고", "수급자예요": something stated about a person, not asked about in general. */
const STATED_FACT =
  /(?:살|세|학년|년생|[초중고][1-6]|수급자|수급|차상위|한부모|다문화|생|중|이)(?:인데|이고|이구요|이에요|예요|에요|이에여|에여|입니다|이요|요|임|이라|라서|거든|구요|이고요)/;

// ---------- asking about one's own eligibility ----------

/**
 * "되는지 확인", "대상인지 봐주세요", "가능여부 알려주세요", "우리도 되나요", and asking for the check
 * itself ("자격 확인", "자격 확인해 볼래", "자격조회 부탁해요"; not "자격 확인은 1년마다…").
 */
const ASK_OWN_CHECK =
  /자격(?:확인|조회)(?:해|하고|할래|좀|부탁|요$|$)|(?:되는지|될지|되나|대상인지|해당되는지|가능한지|가능여부|신청가능여부|조건되는지|자격되는지)(?:[가-힣]{0,6})(?:확인|봐|알려|궁금|부탁|모르겠|어떻게알)|(?:우리|저희|나|저)(?:도|두)(?:되|돼|가능|대상|할수)|저같은경우|우리같은|저희같은/;

const ELIGIBILITY_ASK =
  /되면|되나|돼요|되요|돼\?|됨|되냐|되는거|될까|될깝|가능|(?:서울런|가입|신청|이용|참여|계속|아직|지금|같이)[가-힣]{0,3}할수있|(?:도|다|두)할수있|대상|해당|신청돼|가입돼|가입되|신청되|되는겨|들을수|쓸수|안되는|안돼|맞나|맞죠|되죠|되는지|될지|돼[?？]?$|되[?？]?$|여부/;

// ---------- fact questions ----------

/** Question words and general-rule phrasing. */
const QUESTION_WORD =
  /몇|언제|어떤|어떻게|어케|뭐|뭔|무슨|무엇|얼마|어디|누가|누구|왜|기준|조건|방법|절차|순서|기간|마감|뜻|의미|설명|알려주세요|알려줘|있어요|있나요|있어|있음|되나요|인가요|나요|까요|죠|가요|예요\?|에요\?|[?？]/;

/** Words that ask about a rule, not about one's case ("어떤 서류", "몇 살까지"). */
const QUESTION_WORD_STRICT = /몇|언제|어떤|어떻게|어케|뭐|뭔|무슨|얼마|어디|기준|조건|서류|증명/;

/** Programme topics a fact question is about. */
const PROGRAMME_TOPIC =
  /서울런|이거뭐|여기뭐|뭐하는곳|몇살|살부터|살까지|ai|인공지능|진단|강좌|진로|진학|입시|컨설팅|사이트|업체|집중반|전국런|사교육|시작|콜센터|상담전화|고객센터|센터|몇시|합격|회원|혜택|지원|프로그램|캠프|장학|교재|시범|문항|몇분|몇번|횟수|일정|선발|뽑|우대|학점|알림|홈페이지|콘텐츠|공부|학습|수업|교육|학부모|서울(?:에|안|밖|시민|거주|살|사는|주소|이사|로)|살면|금액|가족|가구|ㅅㅇㄹ|가입|신청|자격|대상|서류|증명서|확인서|등본|강의|인강|수강|과목|멘토|소득|중위|수급|차상위|한부모|다문화|탈북|북한|보훈|유공자|돌봄|영케어러|건강장애|장애|시설|그룹홈|지역아동|다자녀|나이|[0-9]살|[0-9]세|무료|돈|비용|유료|탈퇴|취소|앱|폰|태블릿|노트북|기기|코딩|토익|컴활|자격증|수능|검정고시|학교밖|학교안|자퇴|유치원|대학|재수|n수|졸업|군대|전화번호|운영시간|상담시간|이용|등록|동의|법정대리인|보호자|승인|결과|선착순|모집|안내문|외국어|ebs|학원|바우처|중복|개인정보|가구원|재산|맞벌이|주소|전입|이사|거주|해외|국적|귀화|국제결혼|외국인|본인인증|아이디|형제|교재|캠프|공부방|오프라인|선생님|이투스|메가|대성|운영|서울시|주민센터|동사무소|문의|접수|계정|출석|유지|갱신|재확인|1년|매년|급여|긴급복지|입학|학년|초등|중학|고등|14세|미만|성인|생일|만나이|연도|동의서|조부모|할머니|꿈드림|입원|기숙사|휴면|이의신청|보완|발급|유효기간|양식|대체/;

// ---------- everything else ----------

const GREETING_OR_SMALL_TALK =
  /^(?:안녕|하이|hi|hello|ㅎㅇ|여보세요|좋은아침|좋은하루|좋은저녁|반가|수고|감사|고마|ㄱㅅ|땡큐|thank|네|넵|넹|예|응|웅|ㅇㅇ|ㅇㅋ|ok|오케이|오키|알겠|알았|아그렇구나|그렇구나|그렇군|아하|오호|헐|대박|와|ㅋ|ㅎ|ㅠ|ㅜ|굿|좋아요|좋네요|최고|짱|잘있어|잘자|잘가|또봐|다음에|바이|bye|테스트|ㅁㄴㅇㄹ|잘못눌렀)/;

/** Something broken or a wish about an account or a mentor: a report, not a question about a rule. */
const TROUBLE =
  /(?:로그인|비밀번호|비번|아이디|인증번호|인증|재생|영상|소리|앱|화면|진도율|접속|사이트|페이지|오류|에러)[가-힣]*(?:안돼|안되|안와|안나|안열|안들어|꺼져|까먹|잊어|기억이안|잠겼|떠요|뜨네|틀려|반영이안|검게|멈춰|끊겨|튕겨|먹통|버퍼링|느려)|(?:안돼요|안되요|안됨|꺼져요|떠요|잠겼어요|까먹었어요|안와요|안나요|먹통이에요|멈춰요|끊겨요)$|연락이안|연락이없|바꾸고싶|변경하고싶|불만|답답|느려|렉걸/;

/** Asking for a person rather than a fact. */
const HUMAN =
  /(?:상담사|상담원|사람|직원|담당자|진짜사람|선생님)(?:이랑|하고|와|과|분이랑|분하고|분|님)?(?:연결|얘기|이야기|대화|통화|바꿔|없어|있어)|연결해|바꿔주세요|사람이랑|사람하고/;

const QUIZ_OR_MENU = /퀴즈|정답|답맞|오답|문제내|문제하나|문제풀|처음으로|메뉴|다시말해|물어본거|홈으로/;

/** Requests the bot does not serve: recommendations, homework, weather, shopping, directions, chat about itself. */
const NOT_OUR_TOPIC =
  /날씨|기온|미세먼지|배고|이름뭐|이름이뭐|ai야|로봇이야|심심|놀아|숙제|풀어줘|번역해|외우는법|맛집|로또|서울시장|급식|속상|누구있|추천해|추천좀|추천부탁|지하철|몇호선|예매|팬미팅|재테크|유산|소송|쿠팡|할인코드|노래|게임|웹툰|유튜브|연예인|아이돌|몇살이야|뭐해\?*$|뭐하니/;

/** Routes one message: a fact question, a request to check one's own eligibility, or something else. */
export function routeQuestion(text: string): RouteResult {
  const s = compact(text);
  const spaced = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[~!?'"“”‘’()[\]{}·.,…]+/g, ' ');
  const facts = extractFacts(text);
  const language = detectLanguage(text);
  if (language && language !== 'ko') {
    const kind = routeOtherLanguage(text, language, detailKinds(facts) > 0);
    return kind === 'check' ? { kind, facts } : { kind };
  }
  if (isCheck(s, spaced, facts)) return { kind: 'check', facts };
  if (isOther(s)) return { kind: 'other' };
  if (
    PROGRAMME_TOPIC.test(s) &&
    (QUESTION_WORD.test(s) || ELIGIBILITY_ASK.test(s) || (s.length <= 12 && !/[다어지]$/.test(s)))
  )
    return { kind: 'fact' };
  // A statement on a programme word with no question in it ("시험 공부하기 싫다") is small talk.
  return { kind: 'other' };
}

/** Kinds of personal detail the message states (grade or age, group, income, household, district). */
function detailKinds(facts: EligibilityFacts): number {
  const child = facts.children.some(
    (c) => c.schoolYear !== undefined || c.age !== undefined || c.birthYear !== undefined || !!c.birthDate,
  );
  const groups = facts.groups.length > 0 || facts.children.some((c) => (c.groups?.length ?? 0) > 0);
  return (
    Number(child) +
    Number(groups || facts.notGroups.length > 0 || facts.noGroup === true) +
    Number(facts.monthlyIncome !== undefined) +
    Number(facts.householdSize !== undefined) +
    Number(facts.livesInSeoul !== undefined)
  );
}

/** Asking permission for something else ("학교 보내도 될까요"), or about mentors, is no eligibility question. */
const NOT_ELIGIBILITY =
  /(?:보내|들어|봐|올려|먹|열람해|통화해|써|가|놀아|자)도(?:되|돼|될)[가-힣]*|(?:멘토|멘토링)[가-힣]{0,6}(?:가능|할수|되|신청)[가-힣]*|혼자(?:가입|신청)[가-힣]*/g;

/** How to do something, not whether one can: "어떻게 신청하는지 순서대로", "서류 뭐 내요". */
const PROCEDURAL = /어떻게|어케|순서|절차|방법|뭐가필요|뭐필요|준비물|혼자(?:가입|신청)/;
const QUESTION_ENDING = /[?？]|나요|까요|가요/;

const asksEligibility = (s: string): boolean => ELIGIBILITY_ASK.test(s.replace(NOT_ELIGIBILITY, ''));

function isCheck(s: string, spaced: string, facts: EligibilityFacts): boolean {
  if (ASK_OWN_CHECK.test(s)) return true;
  const kinds = detailKinds(facts);
  const ask = asksEligibility(s);
  const own = OWN_PERSON.test(s) || SELF_WORD.test(spaced) || CHILD_WORD.test(spaced) || STATED_GRADE.test(s);
  const hasChild = facts.children.some(
    (c) => c.schoolYear !== undefined || c.age !== undefined || c.birthYear !== undefined || !!c.birthDate,
  );
  if (own && ask) return true;
  // Facts about one's own family with no question ("큰애 중2 작은애 초4 한부모 월 230 노원구요").
  if (own && kinds >= 1 && !PROCEDURAL.test(s) && (kinds >= 2 || !QUESTION_ENDING.test(s))) return true;
  // "서울 사는 초등학생인데 수급자도 한부모도 아니고 해당되는 건 없어요": denying groups in a chain is
  // answering about someone in particular, even though "수급자도 … 해당" reads like a general subject.
  const denies = facts.noGroup === true || facts.notGroups.length >= 2;
  if (
    denies &&
    hasChild &&
    kinds >= 2 &&
    !QUESTION_WORD_STRICT.test(s) &&
    (facts.noGroup || !GENERAL_SUBJECT.test(s))
  )
    return true;
  const general = GENERAL_SUBJECT.test(s) || HYPOTHETICAL.test(s);
  if (general) return false;
  // Facts listed with nothing general about them: "중2 수급자 마포구", "24살인데 차상위예요".
  if (kinds >= 2 && hasChild) return true;
  if (kinds >= 2 && STATED_FACT.test(s)) return true;
  if (hasChild && STATED_FACT.test(s) && ask) return true;
  if (STATED_SITUATION.test(s) && ask && !QUESTION_WORD_STRICT.test(s)) return true;
  return false;
}

function isOther(s: string): boolean {
  if (s.length === 0 || !/[가-힣a-z0-9]/.test(s)) return true;
  // "아이 퀴즈 결과를 제가 볼 수 있나요?" asks what the bot can do: a fact question.
  if (QUIZ_OR_MENU.test(s) && !/수있|결과|기록/.test(s)) return true;
  if (HUMAN.test(s) || NOT_OUR_TOPIC.test(s)) return true;
  if (TROUBLE.test(s) && !/할수있|되나요|(?<!안)나요|인가요/.test(s)) return true;
  if (GREETING_OR_SMALL_TALK.test(s) && !PROGRAMME_TOPIC.test(s)) return true;
  return false;
}

/** A question form: "…나요?", "…돼요?", "…뭐예요", "몇 살까지". */
const QUESTION_FORM =
  /[?？]|나요|까요|인가요|는가요|되죠|돼요$|되요$|뭐|몇|어떤|무슨|어디|언제|얼마|어떻게|어케/;

/**
 * The facts a message states about the writer's own household. A fact question about a rule in
 * general ("다문화 가정은 어떤 서류를 내야 하나요?", "만 14세 미만은 뭐가 필요해요?") states none, even
 * though it names a group or an age; a bare answer ("수급자", "은평구", "월 300") states its fact.
 */
export function statedFacts(text: string): EligibilityFacts {
  const facts = extractFacts(text);
  if (routeQuestion(text).kind === 'fact' && QUESTION_FORM.test(compact(text)))
    return { language: facts.language, groups: [], notGroups: [], children: [{}] };
  return facts;
}
