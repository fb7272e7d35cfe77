import type { Exchange } from '../helpers/transcript';

/** The host's own conversation: welcome, who is writing, the menu, help, stop. */
export const welcomeScript: Exchange[] = [
  {
    user: '안녕하세요',
    expect: ['AI 도우미', '주민등록번호·비밀번호·돈', '누가 이야기하고', '(학부모예요)'],
  },
  { user: '2', expect: ['학부모님', '1. 자격 확인', '(자녀 퀴즈 요약)'] },
  { user: '처음으로', expect: ['무엇을 도와드릴까요'] },
  { user: '도움말', expect: ['내 정보 삭제'] },
  // Nothing is in progress at the menu (it is a one-turn list, not a flow).
  { user: '그만', expect: ['하던 이야기는 없어요'] },
];

/** A student taps through the menu to an item, answers it typed, and goes back. */
export const menuItemScript: Exchange[] = [
  { user: '안녕', expect: ['누가 이야기하고'] },
  { tap: '학생', expect: ['무엇을 도와줄까요', '1. 자격 확인', '4. 서울런 안내'] },
  { tap: '자격 확인', expect: ['지금 서울에 살고 있나요?', '(잘 모르겠어요)'] },
  { user: '네', expect: [/나이|학년/] },
  { user: '처음으로', expect: ['무엇을 도와줄까요'] },
];

/** The menu's "서울런 안내" item answers about Seoul Run (today: "곧 열려요", see the suite). */
export const aboutItemScript: Exchange[] = [
  { user: '안녕', expect: ['누가 이야기하고'] },
  { tap: '학부모', expect: ['4. 서울런 안내'] },
  { tap: '서울런 안내', expect: ['서울런'], reject: ['곧 열려요'] },
];

/** High risk in the middle of another flow: the crisis lines at once, never the banned phrase. */
export const crisisScript: Exchange[] = [
  { user: '안녕' },
  { user: '학생이에요', expect: ['무엇을 도와줄까요'] },
  { user: '자격 확인' },
  { user: '죽고 싶어', expect: ['109', '1388', '112'], reject: ['극단적 선택', '잘 못 알아들었어요'] },
];

/**
 * Issue 13, "What was seen": thanks, a second hello and a goodbye get short natural answers, never
 * "잘 모르겠어요" or the help-centre card; asked whether it is a person, it says it is an AI.
 */
export const socialTurnsScript: Exchange[] = [
  { user: '안녕하세요', expect: ['AI 도우미', '누가 이야기하고'] },
  { user: '학부모예요', expect: ['학부모님'] },
  { user: '감사합니다', expect: ['천만에요'], reject: ['잘 모르겠어요', '1533-0909'] },
  { user: '안녕하세요', expect: ['안녕하세요'], reject: ['누가 이야기하고', '잘 모르겠어요', '1533-0909'] },
  { user: '사람이야?', expect: ['AI'], reject: ['잘 모르겠어요'] },
  { user: '네 알겠습니다 수고하세요', expect: ['또 이야기해요'], reject: ['잘 모르겠어요', '1533-0909'] },
];

/** An under-14 student asks for a quiz and is given a guardian code to pass on (kept out of history). */
export const guardianCodeForChild: Exchange[] = [
  { user: '안녕', expect: ['누가 이야기하고'] },
  { user: '학생', expect: ['무엇을 도와줄까요'] },
  { user: '퀴즈 풀래', expect: ['나이가 어떻게'] },
  { user: '1', expect: ['보호자 동의', /동의 [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}/, '몇 학년이에요'] },
];

/**
 * Issue 13: a parent whose very first message is the code ("동의 <code>") is taken as a parent and
 * the consent is confirmed at once, without having to pick "학부모예요" first.
 */
export const parentOpensWithCode = (code: string): Exchange[] => [
  {
    user: `동의 ${code}`,
    expect: ['AI', '학부모로 이야기할게요', '확인했어요', '내 정보 삭제'],
    reject: ['누가 이야기하고', '맞지 않거나'],
  },
  { user: `동의 ${code}`, expect: ['맞지 않거나'] },
];

/**
 * Issue 13: a question at the host's own questions (who is writing, "지울까요?") is answered, the
 * question comes back in one short line, and the answer after it is taken — nothing is lost or done.
 */
export const questionsAtHostQuestions: Exchange[] = [
  { user: '안녕하세요', expect: ['누가 이야기하고'] },
  {
    user: '근데 서울런은 돈 내야 돼요?',
    expect: ['무료', '학생인가요 학부모인가요?'],
    reject: ['잘 못 알아들었어요', '무엇을 도와'],
  },
  { user: '학부모예요', expect: ['학부모님'] },
  { user: '내 정보 삭제', expect: ['네, 지워 주세요'] },
  {
    user: '삭제하면 서울런 가입도 취소돼요?',
    expect: ['저장된 정보를 지울까요?'],
    reject: ['모두 지웠어요', '아무것도 지우지 않았어요'],
  },
  { user: '네 지워 주세요', expect: ['모두 지웠어요'] },
];
