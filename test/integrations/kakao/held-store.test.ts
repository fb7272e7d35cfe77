import pino from 'pino';
import type { Reply } from '../../../bot/messages';
import { resolvePerson } from '../../../bot/people-store';
import { createKakaoHeldStore, withNotice } from '../../../integrations/kakao/held-store';
import { testTexts } from '../../helpers/fake-turn';
import { describeEachDatabase } from '../../helpers/test-database';

const texts = testTexts();
const textOf = (...bodies: string[]): Reply => ({
  messages: bodies.map((text) => ({ type: 'text' as const, text })),
  quickReplies: [],
});
const HOUR = 3_600_000;

describe('withNotice', () => {
  it('puts the notice into the first bubble when it is a text (Kakao shows only three)', () => {
    expect(withNotice('놓친 메시지가 있어요', textOf('퀴즈 시간이에요', '1번'))).toEqual(
      textOf('놓친 메시지가 있어요\n퀴즈 시간이에요', '1번'),
    );
  });

  it('adds its own bubble before a card', () => {
    const card: Reply = {
      messages: [{ type: 'card', title: '퀴즈', text: '풀어 볼까요?', buttons: [] }],
      quickReplies: [],
    };
    expect(withNotice('놓친 메시지', card).messages).toEqual([
      { type: 'text', text: '놓친 메시지' },
      ...card.messages,
    ]);
  });
});

describeEachDatabase('kakao held store', (getDb) => {
  let now = new Date('2026-12-01T03:00:00Z');
  const store = () =>
    createKakaoHeldStore({
      db: getDb().db,
      log: pino({ level: 'silent' }),
      texts,
      clock: () => now,
      heldTtlMs: 72 * HOUR,
      overflowTtlMs: 24 * HOUR,
      who: (user) => user,
    });

  it('keeps nothing for someone who never wrote (deletion could not reach it)', async () => {
    await expect(store().hold('stranger', textOf('안녕'), 'proactive')).resolves.toBe(false);
  });

  it('gives held answers back once, oldest first, with the people they are about', async () => {
    await resolvePerson(getDb().db, 'kakao', 'held-1');
    const s = store();
    await s.hold('held-1', textOf('첫째'), 'sync-late');
    await s.hold('held-1', textOf('둘째'), 'proactive');
    const missed = await s.missedReply('held-1', 'ko');
    expect(missed?.reply).toEqual(textOf(`${texts.ko.t('kakao.missedMessages')}\n첫째`, '둘째'));
    await expect(s.missedReply('held-1', 'ko')).resolves.toBeNull();
  });

  it('forgets a held answer after its time, and the sweep deletes it', async () => {
    await resolvePerson(getDb().db, 'kakao', 'held-2');
    const s = store();
    await s.hold('held-2', textOf('오래된 답'), 'sync-late');
    now = new Date(now.getTime() + 73 * HOUR);
    await expect(s.takeHeld('held-2')).resolves.toEqual({ replies: [], subjects: [] });
    await s.sweep(now);
    const { rows } = await getDb().db.query("SELECT 1 FROM kakao_held WHERE channel_user_id = 'held-2'");
    expect(rows).toHaveLength(0);
  });

  it('keeps one "더 보기" page per user, replaced by the next and taken once', async () => {
    await resolvePerson(getDb().db, 'kakao', 'more-1');
    const s = store();
    await s.storeOverflow('more-1', textOf('첫 페이지'));
    await s.storeOverflow('more-1', textOf('새 페이지'));
    await expect(s.takeOverflow('more-1')).resolves.toEqual({ reply: textOf('새 페이지'), subjects: [] });
    await expect(s.takeOverflow('more-1')).resolves.toBeNull();
  });

  it('reads the language of a known user and falls back for a stranger', async () => {
    const s = store();
    await expect(s.languageOf('more-1', 'en')).resolves.toBe('ko');
    await expect(s.languageOf('nobody', 'en')).resolves.toBe('en');
  });
});
