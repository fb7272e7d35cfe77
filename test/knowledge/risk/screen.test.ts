import fc from 'fast-check';

import { join } from 'node:path';
import { loadContacts } from '../../../bot/contacts';
import { isHigherLevel, needsCrisisReply, type Speaker } from '../../../bot/risk';
import { loadTexts } from '../../../bot/texts-loader';
import { ACUTE, loadLabelledFolder } from '../../../knowledge/risk/dataset';
import {
  figuresByCategory,
  groupRate,
  loadRegressionMessages,
  regressionHolds,
  replyTextOf,
  screenAll,
} from '../../../knowledge/risk/evaluate';
import { loadRiskScreen, updateRiskMemory } from '../../../knowledge/risk/screen';

const root = join(__dirname, '..', '..', '..');
const screen = loadRiskScreen(root);
const levelOf = (text: string, speaker: Speaker = 'unknown') => screen(text, speaker).level;
const data = join(root, 'knowledge', 'risk', 'data');
const train = loadLabelledFolder(join(data, 'train'), false);

describe('risk screen: what users reported (issue 12)', () => {
  it.each([['수면제 한통 다 먹었어'], ['삶을 포기하고 싶어'], ['인생 끝내고 싶다'], ['칼로 팔을 그었어']])(
    '%s gets the crisis reply',
    (text) => expect(levelOf(text)).toBe('high'),
  );

  it('reads an overdose in progress as in progress (119/112 first)', () => {
    expect(screen('수면제 한통 다 먹었어', 'unknown').inProgress).toBe(true);
  });

  it.each([
    ['고마워요'],
    ['ㅇㅋ 고마워'],
    ['안녕하세요'],
    ['ㅋㅋㅋ'],
    ['잘자'],
    ['수고하세요'],
    ['네 알겠습니다'],
    ['bye'],
    ['감사합니다!!'],
  ])('small talk "%s" gets neither the crisis reply nor the direct question', (text) => {
    const level = levelOf(text);
    expect(needsCrisisReply(level) || level === 'ask').toBe(false);
  });

  it('keeps farewells with finality acute', () => {
    expect(levelOf('그동안 고마웠어 다들 잘 지내')).toBe('high');
  });
});

describe('risk screen: layers', () => {
  it('never lets the classifier lower what the rules decided', () => {
    const texts = [...train.map((m) => m.text).slice(0, 3000), '죽고 싶진 않아', '배고파 죽겠다 ㅋㅋ'];
    for (const text of texts) {
      const trace = screen.trace(text, 'unknown');
      expect(isHigherLevel(trace.ruleLevel, trace.assessment.level)).toBe(false);
    }
  });

  it('never lets an idiom silence an acute message the rules found', () => {
    const acute = train.filter(
      (m) => ACUTE.includes(m.category) && screen.trace(m.text, 'unknown').ruleLevel === 'high',
    );
    expect(acute.length).toBeGreaterThan(500);
    for (const m of acute.slice(0, 400)) {
      for (const idiom of ['배고파 죽겠다 ㅋㅋ', '웃겨 죽는 줄 알았어 ㅋㅋ', '더워 죽겠다']) {
        expect([m.text, screen.trace(`${idiom} ${m.text}`, 'unknown').ruleLevel]).toEqual([m.text, 'high']);
        expect([m.text, screen.trace(`${m.text} ${idiom}`, 'unknown').ruleLevel]).toEqual([m.text, 'high']);
      }
    }
  });

  it('lets a context silence weak words near it, never three sentences away', () => {
    expect(screen.trace('게임에서 내 캐릭터가 다 끝내고 싶대 ㅋㅋ', 'unknown').ruleLevel).not.toBe('high');
    expect(
      screen.trace(
        '그냥 다 끝내고 싶어. 오늘은 학교에서 점심 먹고 수업 듣고 왔어. 내일 숙제는 아직 안 함',
        'unknown',
      ).ruleLevel,
    ).toBe('high');
  });

  it('tells the harm subtype', () => {
    expect(screen('아빠가 술 먹고 또 때렸어요', 'unknown').harm).toBe('home');
    expect(screen('반 애들이 돈 가져오라고 해요 안 가져가면 맞아요', 'unknown').level).toBe('harm_by_others');
    expect(screen('친구가 죽고 싶대 어떡해', 'student').harm).toBe('friend');
  });

  it('keeps the classifier alone from sending harm lines for a price question or a short answer in another language', () => {
    expect(screen('근데 이거 돈 내야 돼?', 'student').level).toBe('none');
    expect(screen('không', 'parent').level).not.toBe('harm_by_others');
    expect(screen('hai người', 'parent').level).not.toBe('harm_by_others');
    // What the rules see still counts, however short.
    expect(screen('bố đánh em', 'student').level).toBe('harm_by_others');
    expect(screen('형들이 돈 가져오래', 'student').level).toBe('harm_by_others');
  });

  it('reads a parent relaying their child as the parent variant', () => {
    const a = screen('우리 딸이 죽고 싶다고 했어요', 'unknown');
    expect(a.level).toBe('high');
    expect(a.relayed).toBe(true);
  });

  it('tells the language for the reply', () => {
    expect(screen('I want to kill myself', 'unknown').language).toBe('en');
    expect(screen('tôi muốn chết', 'unknown').language).toBe('vi');
    expect(screen('我真的想死', 'unknown').language).toBe('zh');
  });
});

describe('risk screen: conversation memory', () => {
  it('lets commands through after a crisis message instead of asking the direct question again', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const memory = updateRiskMemory(undefined, screen('요즘 너무 힘들어서 죽고 싶어', 'student'), now);
    expect(memory?.highest).toBe('high');
    for (const command of ['내 정보 삭제', '도움말', '처음으로', '퀴즈']) {
      expect(screen(command, 'student', memory).level).toBe('none');
    }
  });

  it('after a flag, reads the next turns with lower thresholds and adds cues up, never lowering', () => {
    const flagged = screen('요즘 너무 힘들어', 'student');
    const now = new Date('2026-12-03T05:00:00Z');
    let memory = updateRiskMemory(undefined, flagged, now);
    expect(memory?.watchTurns).toBeGreaterThan(0);
    // A borderline message: at least as urgent with memory as without.
    for (const text of ['다 의미 없는 것 같아', '그냥 사라지면 편할 텐데', '나 없어도 아무도 모를걸']) {
      const without = screen(text, 'student').level;
      const withMemory = screen(text, 'student', memory).level;
      expect(isHigherLevel(without, withMemory)).toBe(false);
      memory = updateRiskMemory(memory, screen(text, 'student', memory), now);
    }
    expect(memory?.highest).not.toBe('none');
  });

  it('forgets after a few quiet turns', () => {
    const now = new Date('2026-12-03T05:00:00Z');
    let memory = updateRiskMemory(undefined, screen('죽고 싶어', 'student'), now);
    for (let i = 0; i < 10; i += 1)
      memory = updateRiskMemory(memory, screen('오늘 점심 맛있었어', 'student'), now);
    expect(memory).toBeUndefined();
    const flagged = updateRiskMemory(undefined, screen('죽고 싶어', 'student'), now);
    const nextDay = new Date(now.getTime() + 25 * 3_600_000);
    expect(updateRiskMemory(flagged, screen('오늘 점심 맛있었어', 'student'), nextDay)).toBeUndefined();
  });
});

describe('risk screen: linear in its input', () => {
  it('does work proportional to the text, however long or repetitive', () => {
    const workPerChar = (text: string) => screen.trace(text, 'unknown').work / text.length;
    fc.assert(
      fc.property(
        fc.constantFrom('죽', '죽고싶', 'ㅈㅅ', ' ', '자살 ', '아빠가 때려 ', 'ㅋ', 'a', '死'),
        fc.integer({ min: 1000, max: 6000 }),
        (unit, repeat) => {
          const text = unit.repeat(repeat);
          expect(workPerChar(text)).toBeLessThan(60);
        },
      ),
      { numRuns: 30 },
    );
    const short = screen.trace('멘토 등록 '.repeat(500), 'unknown').work;
    const long = screen.trace('멘토 등록 '.repeat(5000), 'unknown').work;
    expect(long).toBeLessThan(short * 12);
  });
});

describe('risk screen on the earlier round’s hand-written messages', () => {
  const regression = loadRegressionMessages(join(root, 'knowledge', 'risk', 'labelled-messages.yaml'));

  it('still answers every high message with the crisis reply or, where listed, the direct question', () => {
    const wrong = regression
      .filter((m) => m.level === 'high')
      .filter((m) => !regressionHolds(m, levelOf(m.text, m.speaker === 'student' ? 'student' : m.speaker)))
      .map((m) => `${m.id} ${m.text} → ${levelOf(m.text)}`);
    expect(wrong).toEqual([]);
  });

  it('answers at least 95 % of all 299 messages as before', () => {
    const right = regression.filter((m) =>
      regressionHolds(m, levelOf(m.text, m.speaker === 'student' ? 'student' : m.speaker)),
    );
    expect(right.length / regression.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('risk screen on the blind test set (visible two-thirds): floors under the measured figures', () => {
  const replyText = replyTextOf(
    loadContacts(join(root, 'knowledge', 'contacts.yaml')),
    loadTexts(join(root, 'knowledge', 'texts')),
  );
  const visible = loadLabelledFolder(join(data, 'test'), true).filter((m) => !m.untouched);
  const outcomes = screenAll(screen, replyText, visible);
  const figures = new Map(figuresByCategory(outcomes).map((f) => [f.category, f]));
  const primary = (c: string) => figures.get(c as never)?.primary.rate ?? 0;
  const secondary = (c: string) => figures.get(c as never)?.secondary.rate ?? 0;

  // Floors a little under the figures measured when this was written (README, "Risk screen"): a change that
  // makes the screen worse fails here. The goals of issue 12 are higher; the README says where it falls short.
  const CRISIS: Record<string, number> = {
    direct: 0.93,
    indirect: 0.89,
    farewell: 0.83,
    plan_means: 0.82,
    self_harm: 0.83,
    in_progress: 0.84,
  };
  const ANY: Record<string, number> = {
    direct: 0.96,
    indirect: 0.97,
    farewell: 0.95,
    plan_means: 0.94,
    self_harm: 0.92,
    in_progress: 0.96,
  };
  const ASK_LEVEL: Record<string, number> = { passive_wish: 0.89, burden: 0.89, hopelessness: 0.92 };
  const LINES: Record<string, number> = {
    harm_home: 0.74,
    harm_sexual: 0.8,
    harm_school: 0.66,
    harm_cyber: 0.84,
    harm_extortion: 0.87,
    harm_neglect: 0.87,
    harm_friend: 0.76,
  };
  const LANGUAGES: Record<string, number> = { en: 0.85, vi: 0.87, zh: 0.7 };
  /** Categories whose figure is under its floor, with both numbers (empty when all hold). */
  const under = (floors: Record<string, number>, figure: (c: string) => number): string[] =>
    Object.entries(floors)
      .filter(([c, floor]) => figure(c) < floor)
      .map(([c, floor]) => `${c}: ${figure(c).toFixed(3)} < ${floor}`);

  it('gives acute categories the crisis reply, and the crisis reply or the question', () => {
    expect(under(CRISIS, primary)).toEqual([]);
    expect(under(ANY, secondary)).toEqual([]);
    expect(figures.get('in_progress')?.emergency?.rate ?? 0).toBeGreaterThanOrEqual(0.96);
  });

  it('asks (or gives the crisis reply) for a passive wish, a burden and hopelessness', () => {
    expect(under(ASK_LEVEL, secondary)).toEqual([]);
  });

  it('gives each harm subtype its lines, and concern a person', () => {
    expect(under(LINES, primary)).toEqual([]);
    expect(primary('concern')).toBeGreaterThanOrEqual(0.88);
  });

  it('keeps false alarms under the ceilings', () => {
    const hard = (m: { category: string }) => m.category.startsWith('neg_') && m.category !== 'neg_ordinary';
    const ordinary = (m: { category: string }) => m.category === 'neg_ordinary';
    expect(groupRate(outcomes, hard, (j) => j.crisisOrHarmReply).rate).toBeLessThanOrEqual(0.05);
    expect(groupRate(outcomes, ordinary, (j) => j.crisisOrHarmReply).rate).toBeLessThanOrEqual(0.045);
    expect(groupRate(outcomes, hard, (j) => j.asked).rate).toBeLessThanOrEqual(0.085);
    expect(groupRate(outcomes, ordinary, (j) => j.asked).rate).toBeLessThanOrEqual(0.08);
  });

  it('gives English, Vietnamese and Chinese acute messages the crisis reply', () => {
    const crisisIn = (lang: string) =>
      groupRate(
        outcomes,
        (m) => m.lang === lang && ACUTE.includes(m.category),
        (j) => j.crisis,
      ).rate;
    expect(under(LANGUAGES, crisisIn)).toEqual([]);
  });
});
