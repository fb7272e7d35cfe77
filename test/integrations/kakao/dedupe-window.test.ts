import { createDedupeWindow, dedupeKey } from '../../../integrations/kakao/dedupe-window';

describe('createDedupeWindow', () => {
  const setup = (options: { windowMs?: number; maxEntries?: number } = {}) => {
    let t = 1_000_000;
    const window = createDedupeWindow<string>({ ...options, now: () => t });
    return { window, advance: (ms: number) => (t += ms) };
  };
  const key = dedupeKey('user-1', '1', { postback: 'quiz:answer:q-1:1' });

  it('returns the first answer for a double tap inside 3 s', async () => {
    const { window, advance } = setup();
    expect(window.lookup(key)).toBeUndefined();
    window.remember(key, Promise.resolve('first answer'));
    advance(2999);
    await expect(window.lookup(key)).resolves.toBe('first answer');
  });

  it('forgets after the window, measured from the first request', () => {
    const { window, advance } = setup();
    window.remember(key, Promise.resolve('a'));
    advance(2000);
    expect(window.lookup(key)).toBeDefined();
    advance(1000);
    expect(window.lookup(key)).toBeUndefined();
    expect(window.size()).toBe(0);
  });

  it('shares a still-running answer', async () => {
    const { window } = setup();
    let finish!: (v: string) => void;
    window.remember(key, new Promise((resolve) => (finish = resolve)));
    const second = window.lookup(key);
    finish('late');
    await expect(second).resolves.toBe('late');
  });

  it('forgets a failed answer so the retry runs a fresh turn', async () => {
    const { window } = setup();
    const failing = Promise.reject(new Error('turn failed'));
    window.remember(key, failing);
    await failing.catch(() => undefined);
    await Promise.resolve();
    expect(window.lookup(key)).toBeUndefined();
  });

  it('keeps memory bounded, evicting the oldest first', () => {
    const { window, advance } = setup({ maxEntries: 3 });
    for (const n of [1, 2, 3, 4]) {
      window.remember(`k${n}`, Promise.resolve(String(n)));
      advance(1);
    }
    expect(window.size()).toBe(3);
    expect(window.lookup('k1')).toBeUndefined();
    expect(window.lookup('k4')).toBeDefined();
  });

  it('evicts expired entries as time passes', () => {
    const { window, advance } = setup();
    for (let n = 0; n < 1000; n += 1) window.remember(`k${n}`, Promise.resolve('x'));
    advance(3000);
    window.remember('fresh', Promise.resolve('y'));
    expect(window.size()).toBe(1);
  });

  it('tells a typed "1" for two different questions apart', () => {
    const { window } = setup();
    window.remember(dedupeKey('u', '1', { postback: 'quiz:answer:q-1:1' }), Promise.resolve('q1'));
    expect(window.lookup(dedupeKey('u', '1', { postback: 'quiz:answer:q-2:1' }))).toBeUndefined();
  });
});
