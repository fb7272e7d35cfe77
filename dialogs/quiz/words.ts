import { normalizeTyped, typedNumber } from '../../bot/choices';
import { parseAgeGrade, parseCount, parseTimeOfDay } from '../../bot/dialog/parsers';
import { DAILY_GRADES, type Grade, type Subject } from '../../knowledge/quiz/bank';
import { isDeliveryMinute, parseSubjects } from './settings';

/**
 * Steering the quiz in words: what a typed message asks of the quiz. Pure functions of the text (and
 * whether a quiz is on the stack, for bare values such as "저녁 7시쯤?" or "3개만" that mean a setting
 * only there). Values come from the parser library; these only say which request a message is.
 */

export type Steering =
  | { kind: 'start' }
  | { kind: 'continue' }
  | { kind: 'hint' }
  | { kind: 'explain'; n: number | null }
  | { kind: 'subjects'; subjects: Subject[] }
  | { kind: 'grade'; grade: Grade }
  | { kind: 'time'; minute: number }
  | { kind: 'count'; count: number }
  | { kind: 'streak' }
  | { kind: 'report' }
  | { kind: 'stop' }
  | { kind: 'later' };

const QUIZ = /퀴즈|quiz/i;
// No more pushes ("이제 퀴즈 안 보내줬으면", "퀴즈 그만 받을래"); "안 풀래" is only "not now".
const STOP =
  /(안\s*(보내|받|와|오)|그만\s*(보내|받|와|오)|보내지\s*마|받지\s*않|끊어|꺼\s*줘|끄고|필요\s*없)/;
const NOT_NOW = /(안\s*(풀|할)|그만\s*(풀|할)|나중에)/;
const WANT = /(풀고\s*싶|풀래|풀자|풀기|할래|하고\s*싶|하자|줘|주세요|시작|내\s*줘|보내\s*줘|ㄱㄱ)/;
const CHANGE = /(바꾸|바꿔|바꿀|변경|낮춰|낮추|내려|올려|올리|로\s*해|으로\s*해|로\s*할|으로\s*할)/;

/** "1번 문제", "두 번째 문제", "3번": the question number, or null. */
function questionNumber(text: string): number | null {
  const match = /([0-9]{1,2}|첫|두|세|네|다섯)\s*(번째|번)\s*(?:문제|꺼|거)?/.exec(text);
  return match ? typedNumber(`${match[1]}${match[2]}`) : null;
}

function explainRequest(text: string): Steering | null {
  if (!/(왜|설명|풀이|해설|이해가?\s*안)/.test(text)) return null;
  const n = questionNumber(text);
  if (n === null && !/(문제|답|정답)/.test(text)) return null;
  return { kind: 'explain', n };
}

function settingChange(text: string, inQuiz: boolean): Steering | null {
  const subjects = parseSubjects(text);
  // A change only when asked for ("국어로 바꾸고 싶어"), never "수학 과목도 지원돼요?".
  if (subjects.length > 0 && CHANGE.test(text)) return { kind: 'subjects', subjects };
  const grade = parseAgeGrade(text)?.grade;
  if (grade && CHANGE.test(text) && DAILY_GRADES.includes(grade as Grade))
    return { kind: 'grade', grade: grade as Grade };
  const about = inQuiz || QUIZ.test(text) || /(보내|알림|시간|하루|매일)/.test(text);
  if (!about) return null;
  const time = /시|:|정오/.test(text) ? parseTimeOfDay(text, { bareHourIsAfternoon: true }) : null;
  if (time && isDeliveryMinute(time.hour * 60 + time.minute))
    return { kind: 'time', minute: time.hour * 60 + time.minute };
  const count = /(개|문제)/.test(text) ? parseCount(text, { subject: 'items', max: 10 }) : null;
  if (count !== null) return { kind: 'count', count };
  return null;
}

/** What a typed message asks of the quiz, or null when it asks nothing of it. */
export function readSteering(raw: string, inQuiz: boolean): Steering | null {
  const text = raw.normalize('NFC').trim();
  if (!text || text.length > 80) return null;
  const squashed = normalizeTyped(text);
  if (QUIZ.test(text) && STOP.test(text)) return { kind: 'stop' };
  if (QUIZ.test(text) && NOT_NOW.test(text)) return { kind: 'later' };
  if (/힌트|hint/i.test(text)) return { kind: 'hint' };
  const explain = explainRequest(text);
  if (explain) return explain;
  if (/스트릭|streak|연속\s*(기록|며칠|몇\s*일)|며칠\s*째|몇\s*일\s*째/i.test(text))
    return { kind: 'streak' };
  if (
    /(기록|리포트|성적|점수).*(보여|보기|볼래|알려|확인)|^(내|나의|제)(학습)?(기록|리포트|성적)$/.test(
      squashed,
    )
  )
    return { kind: 'report' };
  if (/(퀴즈|문제).*(계속|이어)|계속\s*(풀|할)/.test(text)) return { kind: 'continue' };
  const change = settingChange(text, inQuiz);
  if (change) return change;
  if (QUIZ.test(text) && WANT.test(text)) return { kind: 'start' };
  if (/^지금풀(기|래|게요)?$|^문제(풀래|풀고싶어|줘)/.test(squashed)) return { kind: 'start' };
  return null;
}
