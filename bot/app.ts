import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import express, { type Express, type Router } from 'express';
import type { Database } from './db/database';
import { pendingMigrations } from './db/migrate';
import { errorHandler } from './http-errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { fromRoot } from './paths';
import { pagePolicy, securityHeaders, usePagePolicy } from './security-headers';

export interface AppParts {
  db: Database;
  log: Logger;
  metrics: Metrics;
  /** Channel webhooks, mounted before any body parser. */
  channelRoutes: { path: string; router: Router }[];
  webRoutes: Router;
  adminRoutes: Router;
  /** Hops of X-Forwarded-For to believe (TRUST_PROXY); 0 = the socket's address. */
  trustProxy: number;
  /** When set, /metrics needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Redacts query strings from paths in logs (callback tokens and ids can hide there). */
const routeOf = (req: express.Request): string =>
  req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched';

/** Assembles the Express app: webhooks, web chat, admin, health, metrics, the chat page. */
export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only as many X-Forwarded-For hops as there are proxies of ours; 0 trusts none (no spoofing).
  app.set('trust proxy', parts.trustProxy > 0 ? parts.trustProxy : false);
  app.use(securityHeaders);

  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 64) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    res.locals.requestId = requestId;
    const started = performance.now();
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req);
      parts.metrics.httpSeconds.observe(
        { method: req.method, route, status: String(res.statusCode) },
        seconds,
      );
      parts.log.debug(
        { requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'http',
      );
    });
    next();
  });

  for (const { path, router } of parts.channelRoutes) app.use(path, router);
  app.use('/api/web', parts.webRoutes);
  app.use('/admin', parts.adminRoutes);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await parts.db.query('SELECT 1');
      // The count only: migration names describe the schema to whoever asks.
      const pending = await pendingMigrations(parts.db);
      if (pending.length > 0) {
        res.status(503).json({ status: 'not ready', reason: `${pending.length} migration(s) pending` });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'not ready', reason: 'database unreachable' });
    }
  });
  const metricsToken = parts.metricsToken ? digest(parts.metricsToken) : undefined;
  app.get('/metrics', async (req, res) => {
    if (metricsToken) {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (!token || !timingSafeEqual(digest(token), metricsToken)) {
        res.setHeader('www-authenticate', 'Bearer');
        res.status(401).json({ error: 'Authorization: Bearer <METRICS_TOKEN> is required' });
        return;
      }
    }
    res.setHeader('content-type', parts.metrics.registry.contentType);
    res.send(await parts.metrics.registry.metrics());
  });
  const chatPage = fromRoot('integrations', 'web', 'public', 'index.html');
  const chatPolicy = pagePolicy(chatPage);
  app.use(
    express.static(fromRoot('integrations', 'web', 'public'), {
      index: 'index.html',
      maxAge: 0,
      setHeaders: (res, path) => {
        if (path.endsWith('.html')) usePagePolicy(res, chatPolicy);
      },
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(parts.log));
  return app;
}
