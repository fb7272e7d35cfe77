import type { Exchange } from '../helpers/transcript';
import type { HandoffStage } from './handoff';

/** A RegExp that remembers the last code it matched (the mentor's code, read from their reply). */
class CodeCatcher extends RegExp {
  value = '';
  constructor() {
    super('([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})');
  }
  override test(text: string): boolean {
    const m = this.exec(text);
    if (m?.[1]) this.value = m[1];
    return m !== null;
  }
}

/**
 * The mentor (web) asks for a code with "내 학생 추가" and gives it to the student (any channel);
 * the student links with it, asks "내 멘토 선생님", and then declines; the mentor hears of both.
 */
export const mentorCodeLinkDecline = (s: HandoffStage): Exchange[] => {
  const code = new CodeCatcher();
  return [
    { as: 'student', user: '안녕하세요', expect: ['누가 이야기하고'] },
    { as: 'student', user: '1', expect: ['무엇을 도와줄까요'] },
    { as: 'mentor', user: '내 학생 추가', expect: ['학생 연결 코드예요', code, '7일 동안'] },
    {
      as: 'student',
      respond: () => ({ text: `멘토 코드 ${code.value}` }),
      expect: ['지수 선생님과 연결됐어요'],
    },
    { before: () => s.tick(), as: 'mentor', pushed: true, expect: ['학생 한 명이 코드로 연결됐어요'] },
    { as: 'student', user: '내 멘토 선생님', expect: ['내 멘토 선생님은 지수 선생님이에요'] },
    { as: 'mentor', user: '내 학생', expect: ['연결된 학생 1명'] },
    { as: 'student', user: '멘토 연결 안 할래요', expect: ['지수 선생님과의 연결을 끊었어요'] },
    { before: () => s.tick(), as: 'mentor', pushed: true, expect: ['멘토 연결을 원하지 않아'] },
    { as: 'mentor', user: '내 학생', expect: ['아직 연결된 학생이 없어요'] },
  ];
};
