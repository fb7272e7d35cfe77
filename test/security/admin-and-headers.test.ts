import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import request from 'supertest';
import { addressKey, isLoopbackAddress } from '../../bot/client-address';
import { loadConfig } from '../../bot/config';
import { errorHandler } from '../../bot/http-errors';
import { fromRoot } from '../../bot/paths';
import { ADMIN_FAILURE_LIMIT, createAdminRoutes } from '../../bot/admin-routes';
import { createWebRoutes } from '../../integrations/web/web-routes';
import { describeEachDatabase } from '../helpers/test-database';
import { captureLogs, startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Issue 18, items 9 and 10: admin limits that reached the database as 500s, admin tokens neither
 * logged nor throttled, /metrics and /readyz open (readiness naming migrations), no CSP or
 * framing protection on the pages, /admin/ui registered twice, and the dev web chat (where the
 * client names its user) open to any client by default.
 */

const ADMIN = 'admin-token-0123456789';
const METRICS = 'metrics-token-0123456789';

describeEachDatabase('admin API, health endpoints and headers', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb(), {
      env: { ADMIN_TOKENS: `ops:${ADMIN}`, METRICS_TOKEN: METRICS, TRUST_PROXY: '1' },
    });
  });
  afterAll(() => t.close());

  it.each(['-5', '0.5', '0', 'abc', '100000'])(
    'answers /admin/audit?limit=%s with 400, not a database error',
    async (limit) => {
      const res = await request(t.bot.app)
        .get('/admin/audit')
        .query({ limit })
        .set('authorization', `Bearer ${ADMIN}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/limit/);
      const cases = await request(t.bot.app)
        .get('/admin/cases')
        .query({ limit })
        .set('authorization', `Bearer ${ADMIN}`);
      expect(cases.status).toBe(400);
      expect(t.logs.join('\n')).not.toMatch(/unhandled request error/);
    },
  );

  it('logs refused admin tokens (never the token) and throttles the address, even for a right token', async () => {
    const from = '198.51.100.77';
    for (let i = 0; i < ADMIN_FAILURE_LIMIT; i += 1) {
      const res = await request(t.bot.app)
        .get('/admin/audit')
        .set('x-forwarded-for', from)
        .set('authorization', `Bearer guess-${i}-0000000000000`);
      expect(res.status).toBe(403);
    }
    const right = await request(t.bot.app)
      .get('/admin/audit')
      .set('x-forwarded-for', from)
      .set('authorization', `Bearer ${ADMIN}`);
    expect(right.status).toBe(429);
    const logged = t.logs.filter((l) => l.includes('admin token refused'));
    expect(logged.length).toBe(ADMIN_FAILURE_LIMIT);
    expect(logged.join('\n')).not.toMatch(/guess-|198\.51\.100\.77/);
    // Another address is not affected.
    const elsewhere = await request(t.bot.app)
      .get('/admin/audit')
      .set('x-forwarded-for', '198.51.100.78')
      .set('authorization', `Bearer ${ADMIN}`);
    expect(elsewhere.status).toBe(200);
  });

  it('puts /metrics behind METRICS_TOKEN', async () => {
    expect((await request(t.bot.app).get('/metrics')).status).toBe(401);
    expect(
      (await request(t.bot.app).get('/metrics').set('authorization', 'Bearer wrong-token-00000000')).status,
    ).toBe(401);
    const ok = await request(t.bot.app).get('/metrics').set('authorization', `Bearer ${METRICS}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('bot_turns_total');
  });

  it('answers readiness without naming migrations', async () => {
    const { rows } = await t.bot.db.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1',
    );
    const last = rows[0]!.name;
    await t.bot.db.query('DELETE FROM schema_migrations WHERE name = $1', [last]);
    try {
      const res = await request(t.bot.app).get('/readyz');
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).not.toContain(last.replace(/\.sql$/, ''));
      expect(res.body.reason).toMatch(/1 migration/);
    } finally {
      await t.bot.db.query('INSERT INTO schema_migrations (name) VALUES ($1)', [last]);
    }
  });

  it('sends a CSP that allows exactly the page’s own inline code, no framing and no sniffing', async () => {
    for (const [path, file] of [
      ['/', fromRoot('integrations', 'web', 'public', 'index.html')],
      ['/admin/ui', fromRoot('integrations', 'alerts', 'public', 'admin.html')],
    ] as const) {
      const res = await request(t.bot.app).get(path);
      expect(res.status).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      const html = readFileSync(file, 'utf8');
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
      const hash = createHash('sha256').update(script, 'utf8').digest('base64');
      expect(csp).toContain(`script-src 'sha256-${hash}'`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    expect((await request(t.bot.app).get('/admin/ui')).headers['cache-control']).toBe('no-store');
    const json = await request(t.bot.app).get('/healthz');
    expect(json.headers['x-content-type-options']).toBe('nosniff');
    expect(String(json.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it('registers /admin/ui once', () => {
    const router = createAdminRoutes({
      db: t.bot.db,
      tokens: new Map([[ADMIN, 'ops']]),
      capabilities: t.bot.capabilities,
      clock: () => new Date(),
    }) as unknown as { stack: { route?: { path: string } }[] };
    expect(router.stack.filter((layer) => layer.route?.path === '/ui')).toHaveLength(1);
  });

  it('serves the default dev web chat to loopback clients only', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_HASH_SECRET: 'test-log-hash-secret-1234' });
    expect(config.webChatLoopbackOnly).toBe(true);
    const app = express();
    // Stands in for a client elsewhere on the network (the test itself can only use loopback).
    app.use((req, _res, next) => {
      const remote = req.get('x-test-remote');
      if (remote) Object.defineProperty(req.socket, 'remoteAddress', { value: remote, configurable: true });
      next();
    });
    app.use(
      '/api/web',
      createWebRoutes({
        config,
        db: t.bot.db,
        pipeline: t.bot.pipeline,
        limiter: t.bot.limiter,
        texts: t.bot.texts,
      }),
    );
    app.use(errorHandler(captureLogs().log));
    const remote = await request(app)
      .post('/api/web/messages')
      .set('x-test-remote', '203.0.113.5')
      .send({ userId: 'x', text: '안녕' });
    expect(remote.status).toBe(403);
    const local = await request(app).post('/api/web/messages').send({ userId: 'local-user', text: '안녕' });
    expect(local.status).toBe(200);
  });
});

describe('client addresses', () => {
  it('treats an IPv6 /64 as one source and knows loopback', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::9'));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::ffff:203.0.113.5')).toBe('203.0.113.5');
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['203.0.113.5', '::2', '10.0.0.1', undefined]) expect(isLoopbackAddress(a)).toBe(false);
  });
});
