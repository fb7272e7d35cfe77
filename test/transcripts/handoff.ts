import type { Exchange } from '../helpers/transcript';

/** What a handoff script needs from its suite: time, due work, the mentor link. */
export interface HandoffStage {
  /** Sets the clock `ms` after the conversation started and runs due work (outbox, deadlines). */
  at(ms: number): Promise<void>;
  /** Runs due work now (the outbox worker sends what is queued). */
  tick(): Promise<void>;
  /** Links the student to their mentor and records them as 14+ (as the admin API and consent would). */
  linkToMentor(): Promise<void>;
  /** The status of the student's support case. */
  caseStatus(): Promise<string | undefined>;
}

export const MIN = 60_000;

/**
 * The student (on any channel) says they are lonely, asks for their mentor; the mentor (on the web)
 * gets the alert and takes the case; the student is told who will talk with them.
 */
export const handOff = (s: HandoffStage): Exchange[] => [
  { as: 'student', user: '안녕하세요', expect: ['누가 이야기하고'] },
  { as: 'student', user: '1', expect: ['무엇을 도와줄까요'] },
  {
    before: () => s.linkToMentor(),
    as: 'student',
    user: '요즘 너무 외롭고 힘들어',
    expect: ['힘들었겠어요', '1. 내 멘토', '서울런 상담 선생님', '1388 지금'],
    reject: ['극단적'],
  },
  { as: 'student', tap: '내 멘토', expect: ['멘토 지수 선생님께 알렸어요', '서울런 운영팀이 볼 수 있어요'] },
  {
    before: () => s.tick(),
    as: 'mentor',
    pushed: true,
    expect: ['걱정 알림', '담당 멘티 학생', '외롭고 힘들어'],
  },
  {
    as: 'mentor',
    tap: '맡을게요',
    expect: ['맡아 주셔서 고마워요', '첫마디', '비밀로 할게', '방법이나 장소', '(연락함)'],
    reject: ['극단적'],
  },
  {
    before: () => s.tick(),
    as: 'student',
    pushed: true,
    expect: ['지수 선생님(멘토)이 이야기를 이어 갈 거예요'],
  },
];

/** Relay both ways with labels and delivery state; the student stops it; the mentor closes with a note; the bot is back. */
export const relayStopCloseResume = (s: HandoffStage): Exchange[] => [
  ...handOff(s),
  { as: 'mentor', user: '안녕, 이야기해 줘서 고마워. 지금 괜찮아?', expect: [/학생 #\d+에게 보냈어요/] },
  {
    before: () => s.tick(),
    as: 'student',
    pushed: true,
    expect: ['[지수 선생님] 안녕, 이야기해 줘서 고마워'],
  },
  {
    before: () => s.at(1 * MIN),
    as: 'student',
    user: '네 조금 나아졌어요',
    expect: ['선생님께 전달했어요', '(답장 보기)'],
    reject: ['잘 못 알아들었어요'],
  },
  { as: 'student', tap: '답장 보기', expect: ['아직 선생님 답장이 없어요'] },
  { before: () => s.at(2 * MIN), as: 'mentor', pushed: true, expect: [/\[학생 #\d+\] 네 조금 나아졌어요/] },
  { as: 'mentor', user: '다행이다. 내일 또 얘기하자', expect: ['지난 메시지: 전달됨'] },
  { as: 'student', tap: '답장 보기', expect: ['답장을 보내는 중이에요'] },
  {
    before: () => s.at(3 * MIN),
    as: 'student',
    pushed: true,
    expect: ['[지수 선생님] 다행이다. 내일 또 얘기하자'],
  },
  { as: 'mentor', user: '전달 확인', expect: ['전달됨'] },
  { as: 'student', user: '그만', expect: ['전달을 멈췄어요'] },
  { before: () => s.tick(), as: 'mentor', pushed: true, expect: ['대화를 멈췄어요'] },
  // "그만" ends the relay, not the case: only the mentor closes it, with a structured note.
  {
    before: async () => {
      if ((await s.caseStatus()) !== 'open')
        throw new Error('the case closed when the student stopped the relay');
    },
    as: 'mentor',
    user: '종료+메모',
    expect: ['연락이 닿았나요', '1. 예'],
  },
  { as: 'mentor', user: '1', expect: ['안전한가요'] },
  { as: 'mentor', tap: '예', expect: ['109나 112에 연계했나요'] },
  { as: 'mentor', user: '안 함', expect: ['후속 연락이 필요한가요'] },
  { as: 'mentor', user: '2', expect: [/케이스 #\d+[을를] 종료했어요/] },
  { before: () => s.tick(), as: 'student', pushed: true, expect: ['지수 선생님이 이번 상담을 마무리했어요'] },
  // The bot is itself again: the menu answers, nothing is relayed.
  { as: 'student', user: '처음으로', expect: ['무엇을 도와줄까요'] },
  { as: 'student', user: '고마워요', reject: ['선생님께 전달했어요'] },
];

/** The mentor took the case and then says nothing for 10 minutes: the student is told, the ladder climbs. */
export const mentorSilence = (s: HandoffStage): Exchange[] => [
  ...handOff(s),
  { before: () => s.at(1 * MIN), as: 'student', user: '선생님 계세요?', expect: ['선생님께 전달했어요'] },
  { before: () => s.at(9 * MIN), as: 'student', pushed: true, reject: ['답하기 어려운'] },
  {
    before: () => s.at(10 * MIN),
    as: 'student',
    pushed: true,
    expect: ['선생님이 지금 바로 답하기 어려운 것 같아요'],
  },
  {
    as: 'coordinator',
    pushed: true,
    expect: ['맡은 선생님이 10분 동안 답하지 않아 다시 알려요', '외롭고 힘들어', '(확인(맡을게요))'],
  },
  // No longer relayed to the silent mentor.
  { as: 'student', user: '아무도 없네', reject: ['선생님께 전달했어요'] },
];

/**
 * Issue 14's handoff for a Vietnamese student (issue 15): the crisis reply, who will talk with them,
 * the mentor's words and stopping the relay all reach the student in Vietnamese; the mentor reads Korean.
 */
export const vietnameseHandOff = (s: HandoffStage): Exchange[] => [
  { as: 'student', user: 'Chào bạn, mình là học sinh lớp 9' },
  {
    before: () => s.linkToMentor(),
    as: 'student',
    user: 'Tôi muốn chết',
    expect: ['109', 'Cảm ơn bạn'],
    reject: ['Thank you', '말해 줘서'],
  },
  { before: () => s.tick(), as: 'mentor', pushed: true, expect: ['고위험 알림', '담당 멘티 학생'] },
  { as: 'mentor', tap: '맡을게요', expect: ['맡아 주셔서 고마워요'] },
  {
    before: () => s.tick(),
    as: 'student',
    pushed: true,
    expect: ['Thầy cô 지수 (mentor) sẽ tiếp tục trò chuyện với bạn', "gõ 'stop'", '(Dừng)'],
    reject: ['이야기를 이어 갈 거예요', 'will carry on'],
  },
  { as: 'mentor', user: '이야기해 줘서 고마워. 지금 어디에 있어?', expect: [/학생 #\d+에게 보냈어요/] },
  {
    before: () => s.tick(),
    as: 'student',
    pushed: true,
    expect: ['[Thầy cô 지수] 이야기해 줘서 고마워', '(Xem trả lời)'],
  },
  { as: 'student', user: 'Mình cảm ơn thầy cô', expect: ['Mình đã chuyển cho thầy cô.'] },
  {
    // The stop button's own label, typed, stops the relay as the button does.
    as: 'student',
    user: 'Dừng',
    expect: ['Mình đã ngừng chuyển tin', '109', '1388'],
    reject: ['전달을 멈췄어요'],
  },
];
