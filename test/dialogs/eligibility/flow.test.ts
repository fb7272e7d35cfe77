import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { HostDeps } from '../../../bot/capability';
import type { DialogState, Flow, TurnResult } from '../../../bot/dialog';
import type { Person } from '../../../bot/people';
import { createEligibilityCapability } from '../../../dialogs/eligibility';
import { fakeTurn, testContacts, testTexts } from '../../helpers/fake-turn';

// Dialog steps written like transcripts: what the user types or taps, what the bot says back.
// (Transcripts through HTTP on every channel come from the host's transcript runner.)

const deps = {
  texts: testTexts(),
  contacts: testContacts(),
  log: pino({ level: 'silent' }),
} as unknown as HostDeps;
const capability = createEligibilityCapability(deps);
const flow = capability.flows?.[0] as Flow;
const intent = flow.intents?.[0];

const SATURDAY_NOON = new Date('2026-11-28T03:00:00Z'); // Sat 12:00 KST
const WEDNESDAY_3PM = new Date('2026-11-25T06:00:00Z'); // Wed 15:00 KST
const SUNDAY_2310 = new Date('2026-11-29T14:10:00Z'); // Sun 23:10 KST

interface Said {
  text?: string;
  postback?: string;
}

/** A scripted conversation: the router's order (flow step, then the intent) on fake turns. */
function conversation(
  person: Partial<Person> = { audience: 'parent', roles: ['parent'] },
  now = WEDNESDAY_3PM,
) {
  let state: DialogState | null = null;
  const writes: unknown[] = [];
  return {
    async say(said: Said): Promise<TurnResult> {
      const { ctx, deferred } = fakeTurn({ ...said, state, now, person });
      let result = state ? await flow.step(ctx) : null;
      if (!result) {
        expect(Number(intent?.match(ctx))).toBeGreaterThan(0.5);
        result = await intent!.handle(ctx);
      }
      if (result.state !== undefined) state = result.state;
      writes.push(...deferred);
      return result;
    },
    get state() {
      return state;
    },
    writes,
  };
}

const all = (r: TurnResult): string =>
  r.reply.messages
    .map((m) =>
      m.type === 'text'
        ? m.text
        : `[${m.title}] ${m.text} ${m.buttons.map((b) => b.label + ':' + (b.phone ?? b.url ?? b.postback)).join(' ')}`,
    )
    .join('\n---\n');
const first = (r: TurnResult): string =>
  r.reply.messages[0]?.type === 'text' ? r.reply.messages[0].text : '';
const labels = (r: TurnResult): string[] => r.reply.quickReplies.map((q) => q.label);

describe('eligibility dialog', () => {
  it('a parent who knows everything gets ✅ in one reply, with why, next step, documents, apply and help', async () => {
    const c = conversation();
    const r = await c.say({ text: '서울 사는 중2 딸인데 한부모 가정이면 신청돼요?' });
    expect(first(r).split('\n')[0]).toBe('✅ 신청 대상입니다');
    const head = first(r).slice(0, 500);
    expect(head).toContain('법정 한부모가족');
    expect(head).toContain('2022-02-25');
    expect(head).toContain('slearn.seoul.go.kr');
    expect(head).toMatch(/문의번호 EL-[A-Z2-9]{6}/);
    const text = all(r);
    expect(text).toContain('서류가 필요 없을 수 있어요');
    expect(text).toContain('온라인으로만');
    expect(text).toContain('해마다');
    expect(text).toContain('1533-0909');
    const helpCard = r.reply.messages.find((m) => m.type === 'card');
    expect(helpCard?.type === 'card' && helpCard.buttons.some((b) => b.phone === '1533-0909')).toBe(true);
    expect(labels(r)).toContain('신청 방법');
    expect(c.writes).toHaveLength(1);
    expect(c.state?.step).toBe('answered');
  });

  it('a parent who knows nothing is asked one thing at a time, with 잘 모르겠어요 and 이게 뭐예요?', async () => {
    const c = conversation();
    let r = await c.say({ text: '우리 아이도 서울런 할 수 있나요?' });
    expect(first(r)).toContain('서울에 살고 있나요');
    expect(labels(r)).toEqual(expect.arrayContaining(['네, 서울 살아요', '잘 모르겠어요', '이게 뭐예요?']));
    r = await c.say({ text: '네' });
    expect(first(r)).toContain('몇 학년');
    r = await c.say({ text: '3' }); // typed number: 고등학생
    expect(first(r)).toContain('해당하는 게 있나요');
    expect(first(r)).toContain('1. 기초생활수급자');
    r = await c.say({ text: '이게 뭐예요?' });
    expect(all(r)).toContain('소득인정액');
    expect(all(r)).toContain('법정 한부모가족');
    expect(all(r)).toContain('차상위계층');
    expect(c.state?.step).toBe('ask_groups');
    r = await c.say({ postback: 'eligibility:dontknow' });
    expect(first(r)).toContain('함께 사는 가족');
    r = await c.say({ text: '잘 모르겠어요' });
    expect(first(r).split('\n')[0]).toBe('❓ 확인이 필요합니다');
    expect(first(r)).toContain('자격조회');
  });

  it('a parent who corrects the school year midway ("아, 고1이에요")', async () => {
    const c = conversation();
    await c.say({ text: '서울 사는데 중3 아들 서울런 돼요?' });
    let r;
    expect(c.state?.step).toBe('ask_groups');
    r = await c.say({ text: '아, 고1이에요' });
    expect(first(r)).toBe('알겠어요, 고쳤어요: 고1');
    expect(c.state?.answers).toMatchObject({ children: [{ schoolYear: 'h1' }] });
    r = await c.say({ text: '2' }); // 차상위계층
    expect(first(r).split('\n')[0]).toBe('✅ 신청 대상입니다');
    expect(first(r)).toContain('차상위');
  });

  it('a parent who corrects one fact after the verdict gets the new verdict, not the whole card again', async () => {
    const c = conversation();
    await c.say({ text: '서울 사는 중2 딸인데 한부모 가정이면 신청돼요?' });
    expect(c.state?.step).toBe('answered');
    let r = await c.say({ text: '아 고1이에요' });
    expect(first(r)).toBe('알겠어요, 고쳤어요: 고1');
    expect(r.reply.messages).toHaveLength(2);
    expect(all(r)).toMatch(/✅ 신청 대상입니다[\s\S]*문의번호 EL-/);
    expect(all(r)).not.toContain('서류가 필요 없을 수 있어요');
    expect(r.reply.messages.some((m) => m.type === 'card')).toBe(false);
    expect(labels(r)).toContain('상담 연결');
    // The verdict changes: what to do next changes too, so those lines come with it.
    r = await c.say({ text: '아 경기도 살아요' });
    expect(all(r)).toContain('❌ 신청 대상이 아닙니다');
    expect(r.reply.messages.filter((m) => m.type === 'text')).toHaveLength(2);
    expect(r.reply.messages.some((m) => m.type === 'card')).toBe(false);
  });

  it('two children in one question get one verdict each in one reply', async () => {
    const c = conversation();
    const r = await c.say({
      text: '큰애는 고2, 작은애는 중1인데 둘 다 신청 가능한가요? 기초생활수급자예요. 서울 살아요',
    });
    const verdicts = r.reply.messages.filter((m) => m.type === 'text' && /^(✅|❌|❓)/.test(m.text));
    expect(verdicts).toHaveLength(2);
    expect(verdicts.map((m) => (m.type === 'text' ? m.text.split('\n').slice(0, 3).join(' ') : ''))).toEqual([
      expect.stringMatching(/^✅ 신청 대상입니다 .*아이 1 \(고2\)/),
      expect.stringMatching(/^✅ 신청 대상입니다 .*아이 2 \(중1\)/),
    ]);
    expect(c.writes).toHaveLength(2);
  });

  it('서울런 4050 is recognised as a different programme', async () => {
    const c = conversation();
    const r = await c.say({ text: '서울런 4050 신청하려면 어떻게 해요?' });
    expect(first(r)).toContain('다른 사업');
    expect(first(r)).toContain('40~64세');
    expect(first(r)).toContain('120');
    expect(c.state).toBeNull();
  });

  it('at 23:10 on a Sunday the help centre is closed and opens Monday 10:00', async () => {
    const c = conversation({ audience: 'parent', roles: ['parent'] }, SUNDAY_2310);
    const r = await c.say({ text: '서울 사는 고3 딸 기초수급자인데 서울런 돼요?' });
    const helpCard = r.reply.messages.find((m) => m.type === 'card');
    expect(helpCard?.type === 'card' ? helpCard.text : '').toContain(
      '지금은 상담 시간이 아니에요. 월요일(11월 30일) 10:00에 열어요.',
    );
    expect(helpCard?.type === 'card' ? helpCard.text : '').toContain('24시간');
  });

  it('❌ is never a dead end', async () => {
    const c = conversation({ audience: 'parent', roles: ['parent'] }, SATURDAY_NOON);
    const r = await c.say({ text: '경기도 사는데 서울런 신청할 수 있나요? 중3이에요' });
    expect(first(r).split('\n')[0]).toBe('❌ 신청 대상이 아닙니다');
    const text = all(r);
    expect(text).toContain('다른 방법');
    expect(text).toContain('서울런 3.0');
    expect(text).toContain('120');
    // Saturday: closed, opens Monday.
    expect(text).toContain('월요일(11월 30일) 10:00');
  });

  it('the walkthrough gives one step per message with 다음', async () => {
    const c = conversation();
    await c.say({ text: '서울 사는 중2 딸인데 한부모 가정이면 신청돼요?' });
    let r = await c.say({ postback: 'eligibility:how' });
    expect(first(r)).toContain('1단계 자격조회');
    expect(labels(r)).toContain('다음');
    r = await c.say({ text: '다음' });
    expect(first(r)).toContain('2단계 회원가입');
    r = await c.say({ text: '다음' });
    expect(first(r)).toContain('3단계 학습사이트 선택');
    r = await c.say({ text: '다음' });
    expect(first(r)).toContain('다 됐어요');
  });

  it('speaks to students as students and answers English in English', async () => {
    const student = conversation({ audience: 'student', roles: ['student'] });
    // (A question about the rule, "서울런 자격이 뭐에요?", is answered by the knowledge pages: issue 15.)
    const r1 = await student.say({ text: '저도 서울런 되는지 확인해 주세요' });
    expect(first(r1)).toBe('지금 서울에 살고 있나요?');
    const english = conversation({ audience: 'parent', roles: ['parent'], language: 'en' });
    const r2 = await english.say({
      text: 'Is my daughter eligible for Seoul Run? She is 12 and we live in Seoul.',
    });
    expect(first(r2)).toContain('Does any of these apply?');
  });

  it('scores above 0.5 only for eligibility questions', () => {
    for (const other of [
      '멘토링 시간 바꾸고 싶어요',
      '오늘 퀴즈 풀래',
      '안녕하세요',
      '비밀번호를 잊어버렸어요',
    ]) {
      const { ctx } = fakeTurn({ text: other });
      expect({ other, score: Number(intent!.match(ctx)) <= 0.5 }).toEqual({ other, score: true });
    }
  });

  it('records each verdict with its 문의번호, facts without names or numbers, rule-set version and date', async () => {
    const db = new PGlite();
    await db.exec(
      readFileSync(
        join(__dirname, '..', '..', '..', 'bot', 'db', 'migrations', '202611281210-eligibility-verdicts.sql'),
        'utf8',
      ),
    );
    const c = conversation();
    const r = await c.say({ text: '2015.03.12 생 아들, 차상위입니다. 서울 살아요. 서울런 되나요?' });
    const code = /문의번호 (EL-[A-Z2-9]{6})/.exec(first(r))?.[1];
    const tx = {
      query: async (sql: string, values?: unknown[]) => ({
        rows: (await db.query(sql, values)).rows,
        rowCount: 0,
      }),
    };
    for (const write of c.writes as ((t: typeof tx) => Promise<void>)[]) await write(tx);
    const rows = (
      await db.query<{
        inquiry_code: string;
        facts: Record<string, unknown>;
        rule_set_version: string;
        verdict: string;
        check_date: Date;
      }>('SELECT * FROM eligibility_verdicts')
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      inquiry_code: code,
      rule_set_version: '2026-11-28.1',
      verdict: 'eligible',
    });
    expect(JSON.stringify(rows[0]?.facts)).not.toContain('2015-03-12');
    expect(rows[0]?.facts).toMatchObject({ ageRange: [11, 11], groups: ['near_poverty'] });
    await db.close();
  });
});
