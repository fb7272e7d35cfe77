import { INTERJECTION, mask, type Found } from './extract-text';
import type { GroupId } from './types';

/**
 * Groups named in a message, with denials read right: "수급자 아니고" and the coordinated
 * "수급자도 한부모도 아니고" deny every group in the chain; "작년까지 수급자였는데" is a past group;
 * "차상위예요 아 아니 수급자예요" takes back the first one. "해당 없어요", "특별히 해당되는 건 없어요",
 * "둘 다 아니에요" close the group question (`noGroup`).
 */

interface GroupPattern {
  group: GroupId;
  pattern: RegExp;
}

const COUNTRIES =
  '베트남|중국|필리핀|일본|태국|몽골|러시아|캄보디아|우즈베키스탄|우즈벡|인도네시아|네팔|미국|대만|파키스탄|방글라데시|스리랑카|미얀마|라오스|카자흐스탄|키르기스스탄|나이지리아|인도|외국|조선족';
const FOREIGN_PARENT = `(?:엄마|아빠|어머니|아버지|어머님|아버님|부모님?|남편|아내|와이프|저|제가|나|애아빠|아이아빠|애엄마|아이엄마)`;

/** Order matters: the more specific reading of a word comes first and masks it. */
const GROUP_PATTERNS: GroupPattern[] = [
  {
    group: 'veteran_grandchild',
    pattern:
      /(?:할아버지|할머니|조부|조모|외할아버지|외할머니)[가-힣]{0,4}(?:국가유공자|유공자|보훈)|(?:국가유공자|유공자|보훈)[가-힣]{0,6}(?:손자|손녀|손주)|grandparent[a-z]*(?:is|was)?a?(?:national|veteran)/g,
  },
  {
    group: 'veteran_family',
    pattern: /국가보훈대상자?|보훈대상자?|보훈가족|보훈|국가유공자|유공자|veteran|nationalmerit/g,
  },
  {
    group: 'basic_livelihood',
    pattern:
      /기초생활수급(?:자|가정|가구)?|기초수급(?:자|가정|가구)?|의료급여|생계급여|주거급여|교육급여|수급권자|수급자|수급가정|수급가구|수급|basiclivelihood|welfarerecipient/g,
  },
  { group: 'near_poverty', pattern: /차상위(?:계층|가정|가구)?|near[- ]?poverty/g },
  {
    group: 'single_parent',
    pattern:
      /한부모(?:가정|가족|가구)?|싱글맘|싱글대디|미혼모|미혼부|혼자[가-힣]{0,5}키(?:우|워)|이혼(?:했|하고|해서|하셔서|하셨)|사별(?:했|하고|해서)|single[- ]?(?:parent|mom|mother|dad|father)/g,
  },
  { group: 'multicultural', pattern: /다문화(?:가정|가족|가구)?|결혼이민|multicultural/g },
  {
    group: 'multicultural',
    pattern: new RegExp(
      `${FOREIGN_PARENT}(?:가|는|께서|님이|님은|이|은|도)?(?:${COUNTRIES})(?:사람|인|분|출신|에서왔|에서결혼|국적)?|(?<![가-힣])(?:${COUNTRIES})(?:사람|인(?![천도])|분|출신|에서왔|에서결혼)`,
      'g',
    ),
  },
  {
    group: 'multicultural',
    pattern:
      /(?:mom|mother|dad|father|parent|husband|wife)(?:is|was|comesfrom|isfrom)(?:a)?(?:vietnam|chin|filipin|philippin|japan|thai|mongolia|russia|cambodia|uzbek|indonesia|nepal|nigeria|foreign)/g,
  },
  {
    group: 'defector_youth',
    pattern: /탈북청소년|탈북학생|북한이탈청소년|(?:저|제가|나)(?:는|도)?(?:탈북|북한에서왔|북한에서태어)/g,
  },
  { group: 'defector_child', pattern: /탈북(?:민|자|가정)?|북한이탈(?:주민)?|새터민|northkorea|defector/g },
  {
    group: 'out_of_school',
    // "검정고시 강의도 있어요?" asks about lectures, not about the child.
    pattern:
      /자퇴|학교밖(?:청소년)?|학교를?그만|학교안다|검정고시(?!강의|강좌|인강|수업|과정|반도|반이|교재|콘텐츠|컨텐츠)|홈스쿨링?|대안학교|학업중단|꿈드림|dropped?out|outofschool|out-of-school/g,
  },
  { group: 'health_disability', pattern: /건강장애|healthdisabilit/g },
  {
    group: 'young_carer',
    pattern: /가족돌봄|영케어러|youngcarer|간병하|간호하|(?:아파서|아프셔서)[가-힣]{0,6}돌보|돌보고있/g,
  },
  { group: 'care_leaver', pattern: /자립준비|보호종료|careleaver|leavingcare/g },
  { group: 'local_childrens_centre', pattern: /지역아동센터|childrenscentre|children'scenter/g },
  {
    group: 'multi_child',
    pattern: /다자녀|세자녀|threechildren|threekids/g,
  },
];

const FACILITY =
  /아동복지시설|아동양육시설|양육시설|보육원|그룹홈|공동생활가정|welfarefacility|childrenshome|orphanage/g;
const OUTSIDE_SEOUL =
  /경기|인천|관외|서울밖|서울외|지방|충청|충북|충남|강원|전라|전북|전남|경상|경북|경남|부산|대구|대전|광주|울산|세종|제주|outsideseoul/;

/** What may sit between a group word and its denial: "수급자는 아니고", "보훈 대상 아니고요", "수급은 안 받아요". */
const DENIAL_AFTER =
  /^(?:자|권자|계층|가정|가구|가족|대상자?|증명서?)?(?:도|는|은|가|이)?(?:다|둘다|모두|전부)?(?:아니|아닌|아님|아녜|아냐|x|안받|안했|안한|안해|해당안|해당없)/;
/** "작년까지요", "였는데", "였다가": the group is in the past. */
const PAST_AFTER =
  /^(?:자|계층|가정)?(?:였|이었|였었)|^(?:자|계층|가정)?(?:예요|이에요|에요)?※?(?:작년까지|예전에|전에는)/;
/** Only a joining particle between two group words: "수급자도 한부모도", "수급자 한부모 다". */
const CHAIN_AFTER = /^(?:자|권자|계층|가정|가구|가족|대상자?)?(?:도|나|이나|랑|이랑|,|)?$/;

/** Groups the message says, groups it denies, and whether it closes the question. */
export interface GroupReading {
  found: Found<GroupId>[];
  denied: GroupId[];
  noGroup: boolean;
}

const NO_GROUP =
  /해당(?:되는|하는|사항|하는게|되는게)?(?:건|거|게|것|은|이)?(?:하나도|아무것도|전혀|별로)?(?:없|안돼|안되|x)|아무것도(?:해당)?(?:안|없)|(?:그런거|그런건|그런것|해당되는거|해당되는건|해당하는거)하나도(?:없|해당)|하나도해당|특별(?:히|한)(?:해당되는|해당하는)?(?:건|거|것|게)?(?:없)|없(?:어요|어|습니다|네요|는데요?)?해당(?:되는|하는|사항|될)|nothingapplies|noneofthe|noneapply/;
const BOTH_NOT = /(?:둘다|모두|전부|다)아니/;

interface Hit {
  group: GroupId;
  index: number;
  end: number;
}

function collectHits(state: { s: string }): Hit[] {
  const hits: Hit[] = [];
  for (const { group, pattern } of GROUP_PATTERNS) {
    for (const m of [...state.s.matchAll(pattern)]) {
      const index = m.index ?? 0;
      hits.push({ group, index, end: index + m[0].length });
      state.s = mask(state.s, index, m[0].length);
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** Reads groups from `state.s` (masking them); `original` is the unmasked compact text. */
export function findGroups(state: { s: string }, original: string): GroupReading {
  const facilityText = state.s;
  const hits = collectHits(state);
  const denied = new Set<GroupId>();
  const negatedHit = new Array<boolean>(hits.length).fill(false);
  // Right to left, so a chain inherits the denial at its end.
  for (let i = hits.length - 1; i >= 0; i -= 1) {
    const hit = hits[i]!;
    const next = hits[i + 1];
    const after = original.slice(hit.end, next ? Math.min(next.index, hit.end + 12) : hit.end + 12);
    if (DENIAL_AFTER.test(after) || PAST_AFTER.test(after)) negatedHit[i] = true;
    else if (next && negatedHit[i + 1] && CHAIN_AFTER.test(original.slice(hit.end, next.index)))
      negatedHit[i] = true;
  }
  // "차상위예요 아 아니 수급자예요": what came before a retraction is taken back (not denied).
  const retraction = original.search(new RegExp(`${INTERJECTION}(?:아니|잘못|죄송)|잘못말`));
  const live = hits
    .map((hit, i) => ({ hit, negated: negatedHit[i] === true }))
    .filter(
      ({ hit, negated }) =>
        negated || retraction < 0 || hit.index > retraction || !hits.some((h) => h.index > retraction),
    );
  // The last word about a group decides: affirmed or denied.
  const last = new Map<GroupId, { hit: Hit; negated: boolean }>();
  for (const entry of live) last.set(entry.hit.group, entry);
  const positive: Found<GroupId>[] = [];
  for (const { hit, negated } of live) {
    if (last.get(hit.group)?.negated) denied.add(hit.group);
    else if (!negated) positive.push({ value: hit.group, index: hit.index, length: hit.end - hit.index });
  }
  for (const m of [...facilityText.matchAll(FACILITY)]) {
    const index = m.index ?? 0;
    state.s = mask(state.s, index, m[0].length);
    if (OUTSIDE_SEOUL.test(original))
      positive.push({ value: 'welfare_facility_outside_seoul', index, length: m[0].length });
  }
  for (const f of positive) denied.delete(f.value);
  const noGroup =
    NO_GROUP.test(original) || (BOTH_NOT.test(original) && denied.size === 0 && positive.length === 0);
  return { found: positive, denied: [...denied], noGroup };
}
