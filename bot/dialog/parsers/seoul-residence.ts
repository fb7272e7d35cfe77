/**
 * "Do you live in Seoul?" answered with a place: a district with or without 구 ("강남구요", "은평 살아",
 * "서울 송파 살고"), "서울 사라요"/"서울 삼" as typed, or a place outside ("부천", "경기", "일산이요
 * 서울 바로 옆"). Where someone lives now beats where they lived or will live ("작년까지 서울 살았는데
 * 지금은 하남", "다음 달에 서울로 이사 가요"), and home beats school ("학교는 서울인데 집은 부천").
 * Null when no place is named (the yes/no words are parseYesNo's job) or the place is only asked about.
 */
import { nfkcKeepingJamo, normaliseAnswer } from './normalise';

/** Seoul's 25 autonomous districts, without 구 (the one list: eligibility extraction reads it too). */
export const SEOUL_DISTRICTS = [
  '종로',
  '중',
  '용산',
  '성동',
  '광진',
  '동대문',
  '중랑',
  '성북',
  '강북',
  '도봉',
  '노원',
  '은평',
  '서대문',
  '마포',
  '양천',
  '강서',
  '구로',
  '금천',
  '영등포',
  '동작',
  '관악',
  '서초',
  '강남',
  '송파',
  '강동',
] as const;
// "중" alone is a word of its own ("중2"); it counts only as 중구.
const DISTRICTS = SEOUL_DISTRICTS.filter((d) => d.length > 1);
// Well-known neighbourhoods and stations people name instead of the district (none shared with a town outside).
const NEIGHBOURHOODS = [
  '신림',
  '봉천',
  '잠실',
  '가락',
  '문정',
  '방이',
  '석촌',
  '오금',
  '천호',
  '길동',
  '둔촌',
  '고덕',
  '명일',
  '암사',
  '목동',
  '신정',
  '신월',
  '홍대',
  '합정',
  '망원',
  '상암',
  '공덕',
  '아현',
  '신촌',
  '연희',
  '홍제',
  '홍은',
  '이태원',
  '한남',
  '이촌',
  '대치',
  '압구정',
  '청담',
  '논현',
  '역삼',
  '삼성동',
  '도곡',
  '개포',
  '일원',
  '수서',
  '양재',
  '반포',
  '잠원',
  '방배',
  '사당',
  '여의도',
  '당산',
  '문래',
  '신도림',
  '대림',
  '신길',
  '노량진',
  '흑석',
  '상도',
  '대방',
  '화곡',
  '등촌',
  '발산',
  '마곡',
  '가양',
  '불광',
  '연신내',
  '응암',
  '녹번',
  '구파발',
  '진관',
  '상계',
  '중계',
  '하계',
  '월계',
  '공릉',
  '태릉',
  '미아',
  '수유',
  '번동',
  '우이',
  '쌍문',
  '창동',
  '방학',
  '왕십리',
  '성수',
  '건대',
  '구의',
  '자양',
  '화양',
  '군자',
  '중곡',
  '면목',
  '상봉',
  '망우',
  '답십리',
  '전농',
  '회기',
  '이문',
  '휘경',
  '청량리',
  '장안동',
  '신당',
  '약수',
  '명동',
  '을지로',
  '충무로',
  '광화문',
  '혜화',
  '길음',
  '돈암',
  '정릉',
  '개봉',
  '오류동',
  '고척',
  '가산',
  '독산',
];

const OUTSIDE = [
  '경기',
  '인천',
  '부천',
  '구리',
  '성남',
  '분당',
  '판교',
  '의정부',
  '일산',
  '고양',
  '하남',
  '수원',
  '용인',
  '남양주',
  '김포',
  '광명',
  '안양',
  '과천',
  '파주',
  '시흥',
  '안산',
  '평택',
  '화성',
  '군포',
  '의왕',
  '오산',
  '양주',
  '동두천',
  '포천',
  '가평',
  '양평',
  '이천',
  '여주',
  '안성',
  '부산',
  '대구',
  '광주',
  '대전',
  '울산',
  '세종',
  '제주',
  '강원',
  '충북',
  '충남',
  '충청',
  '전북',
  '전남',
  '전라',
  '경북',
  '경남',
  '경상',
  '춘천',
  '청주',
  '천안',
  '전주',
  '창원',
  '포항',
  '지방',
  '시골',
  '해외',
  '외국',
];
const SEOUL = new RegExp(
  `서울(?!런)|(?<![가-힣])중구|(?:${DISTRICTS.join('|')})(?:구|\\s|에|서|이|요|고|살|사|삼|$)|(?<![가-힣])(?:${NEIGHBOURHOODS.join('|')})(?:동|역|\\s|에|이|요|고|살|사|쪽|$)`,
  'u',
);
const ELSEWHERE = new RegExp(`(?:${OUTSIDE.join('|')})`, 'u');
// Words that mark a place as not where one lives now.
const NOT_NOW =
  /(살았|살다가|예전|작년|전에는|전엔|학교는|직장은|회사는|일은|이사\s?(?:갈|가요|가려|할|예정)|갈\s?예정|태어)/u;

// Drops sentences that only ask back ("서울이요?", "서울 살아야만 되는 거예요?") unless they also affirm.
function statements(text: string): string {
  return text
    .split(/(?<=[?？])/u)
    .filter((part) => !/[?？]\s*$/u.test(part) || /맞는데|맞아|네|응|살아요|살고/u.test(part))
    .join(' ');
}

const SPEAKER = /(?:^|\s)(?:나|저|난|전|내가|제가)(?:는|은|도|만|랑|이랑|하고|와)?(?=\s|$)/u;
const SOMEONE_ELSE =
  /손주|손자|손녀|아이|애(?:가|는|도|들)|딸|아들|자녀|남편|아내|와이프|엄마|아빠|부모님|할머니|할아버지|동생|형|누나|언니|오빠/u;

/**
 * True when the one answering and someone else live in different places, one of them in Seoul ("손주는
 * 서울 살고 나는 시골에 있어요", "애는 서울에 있고 저는 경기도"): who the question is about decides, so
 * the answer is neither a yes nor a no.
 */
export function livesApart(text: string): boolean {
  const raw = normaliseAnswer(nfkcKeepingJamo(text).replace(/서울런/gu, ' '));
  const clauses = raw.split(/(?:는데|인데|지만|고\s|,|\.\.)/u).map((c) => c.trim());
  const who = (c: string): 'me' | 'other' | null => {
    const me = SPEAKER.test(c);
    const other = SOMEONE_ELSE.test(c);
    return me === other ? null : me ? 'me' : 'other';
  };
  const inSeoul = clauses.filter((c) => SEOUL.test(c) && !NOT_NOW.test(c)).map(who);
  const outside = clauses.filter((c) => ELSEWHERE.test(c) && !SEOUL.test(c) && !NOT_NOW.test(c)).map(who);
  return inSeoul.some((a) => a !== null && outside.some((b) => b !== null && b !== a));
}

/**
 * 'yes' when the text says the person lives in Seoul, 'no' when elsewhere, null when it names no place
 * or places the one answering and someone else apart (parseYesNo reads that as unsure).
 */
export function isSeoulResidence(text: string): 'yes' | 'no' | null {
  if (livesApart(text)) return null;
  const raw = normaliseAnswer(statements(nfkcKeepingJamo(text).replace(/서울런/gu, ' ')));
  if (!raw.trim()) return null;
  // "작년에 이사 와서 지금 서울 살아요": what is said after 지금/현재 is a clause of its own.
  const clauses = raw
    .split(/(?:는데|은데|인데|한데|지만|고\s|,|\.\.)|(?<=\s)(?=지금|현재)/u)
    .map((c) => c.trim())
    .filter(Boolean);
  // "서울 근처", "서울 바로 옆" are outside Seoul.
  if (/서울\s?(?:바로\s?)?(?:근처|옆|인근|외곽|근교)/u.test(raw)) return 'no';
  const denies = /아니|아닌|아녜|아뇨|아님|안\s?살/u;
  const seoulNow = clauses.some((c) => SEOUL.test(c) && !NOT_NOW.test(c) && !denies.test(c));
  const seoulDenied = clauses.some((c) => SEOUL.test(c) && denies.test(c));
  // "저랑 애는 서울 살고 남편은 부산": the one answering lives in Seoul; someone else's place is a side fact.
  const speakerInSeoul = clauses.some(
    (c) => SEOUL.test(c) && !NOT_NOW.test(c) && !denies.test(c) && SPEAKER.test(c),
  );
  const elsewhereNow = clauses.some(
    (c) =>
      ELSEWHERE.test(c) && !NOT_NOW.test(c) && !(speakerInSeoul && !SPEAKER.test(c) && SOMEONE_ELSE.test(c)),
  );
  const moving = /서울로\s?이사\s?(?:갈|가요|가려|할|예정)/u.test(raw);
  const movedIn = /서울로\s?(?:이사\s?)?(?:왔|옴|와서|했|이사했|전학\s?왔)/u.test(raw);
  if (elsewhereNow && !movedIn) return 'no';
  if (movedIn) return 'yes';
  if (moving || seoulDenied) return 'no';
  if (seoulNow) return 'yes';
  if (SEOUL.test(raw)) return 'no'; // Seoul named only as past, school or plans
  return null;
}
