import { createDedupeWindow, dedupeKey, dedupeUser } from '../../../integrations/kakao/dedupe-window';

describe('createDedupeWindow', () => {
  const setup = (options: { windowMs?: number; maxEntries?: number } = {}) => {
    let t = 1_000_000;
    const window = createDedupeWindow<string>({ ...options, now: () => t });
    return { window, advance: (ms: number) => (t += ms) };
  };
  const user = dedupeUser('user-1');
  const key = dedupeKey('user-1', '1', { postback: 'quiz:answer:q-1:1' });

  it('returns the first answer for a double tap inside 3 s', async () => {
    const { window, advance } = setup();
    expect(window.lookup(user, key)).toBeUndefined();
    window.remember(user, key, Promise.resolve('first answer'));
    advance(2999);
    await expect(window.lookup(user, key)).resolves.toBe('first answer');
  });

  it('forgets after the window, measured from the first request', () => {
    const { window, advance } = setup();
    window.remember(user, key, Promise.resolve('a'));
    advance(2000);
    expect(window.lookup(user, key)).toBeDefined();
    advance(1000);
    expect(window.lookup(user, key)).toBeUndefined();
    expect(window.size()).toBe(0);
  });

  it('shares a still-running answer', async () => {
    const { window } = setup();
    let finish!: (v: string) => void;
    window.remember(user, key, new Promise((resolve) => (finish = resolve)));
    const second = window.lookup(user, key);
    finish('late');
    await expect(second).resolves.toBe('late');
  });

  it('forgets a failed answer so the retry runs a fresh turn', async () => {
    const { window } = setup();
    const failing = Promise.reject(new Error('turn failed'));
    window.remember(user, key, failing);
    await failing.catch(() => undefined);
    await Promise.resolve();
    expect(window.lookup(user, key)).toBeUndefined();
  });

  it('keeps memory bounded, evicting the oldest first', () => {
    const { window, advance } = setup({ maxEntries: 3 });
    for (const n of [1, 2, 3, 4]) {
      window.remember(`u${n}`, `k${n}`, Promise.resolve(String(n)));
      advance(1);
    }
    expect(window.size()).toBe(3);
    expect(window.lookup('u1', 'k1')).toBeUndefined();
    expect(window.lookup('u4', 'k4')).toBeDefined();
  });

  it('evicts expired entries as time passes', () => {
    const { window, advance } = setup();
    for (let n = 0; n < 1000; n += 1) window.remember(`u${n}`, `k${n}`, Promise.resolve('x'));
    advance(3000);
    window.remember('u-fresh', 'fresh', Promise.resolve('y'));
    expect(window.size()).toBe(1);
  });

  it('tells a typed "1" for two different questions apart', () => {
    const { window } = setup();
    window.remember('u', dedupeKey('u', '1', { postback: 'quiz:answer:q-1:1' }), Promise.resolve('q1'));
    expect(window.lookup('u', dedupeKey('u', '1', { postback: 'quiz:answer:q-2:1' }))).toBeUndefined();
  });

  it('takes a repeat after another message as a new message ("ㅋㅋ", "네", "ㅋㅋ")', () => {
    const { window } = setup();
    const laugh = dedupeKey('u', 'ㅋㅋ', null);
    window.remember('u', laugh, Promise.resolve('first laugh'));
    expect(window.lookup('u', laugh)).toBeDefined();
    window.remember('u', dedupeKey('u', '네', null), Promise.resolve('yes'));
    expect(window.lookup('u', laugh)).toBeUndefined();
  });

  it('keeps users apart', () => {
    const { window } = setup();
    window.remember('a', dedupeKey('a', '안녕', null), Promise.resolve('to a'));
    window.remember('b', dedupeKey('b', '안녕', null), Promise.resolve('to b'));
    expect(window.lookup('a', dedupeKey('a', '안녕', null))).toBeDefined();
  });
});
