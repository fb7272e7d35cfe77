import express, { Router, type Request, type Response } from 'express';
import type { Config } from '../../bot/config';
import { boundInbound } from '../../bot/inbound';
import type { Logger } from '../../bot/logger';
import { LINE_SIGNATURE_HEADER, verifyLineSignature } from './signature';
import {
  classifyLineEvents,
  parseLineWebhookBody,
  type IgnoredLineEvent,
  type LineInbound,
} from './webhook-body';

/**
 * POST /webhooks/line: verifies the signature on the raw bytes, writes every event to the inbound
 * log and only then answers 200; the events are processed after the answer.
 */

const MIB = 1024 * 1024;

export interface LineWebhookDeps {
  config: Pick<Config, 'line' | 'maxInboundChars'>;
  log: Logger;
  clock: () => Date;
  /** Webhook body limit → 413 above it. */
  maxBodyBytes?: number;
  store: (items: LineInbound[]) => Promise<{ fresh: LineInbound[]; failed: LineInbound[] }>;
  /** Processes stored events after the answer (one user at a time). */
  process: (items: LineInbound[]) => void;
  /** The crisis text for an event that could not be stored (step 0 without the database). */
  crisisWithoutDatabase: (item: LineInbound) => void;
}

/** The type of an ignored event, for the log: only when it looks like one of LINE's (it is request data). */
export const loggableType = (type: unknown): string =>
  typeof type === 'string' && /^[a-zA-Z]+(\/[a-zA-Z]+)?$/.test(type) ? type.slice(0, 40) : 'other';

/** Creates the webhook router. */
export function createLineWebhook(deps: LineWebhookDeps): Router {
  const { config, log } = deps;

  function logIgnored(ignored: IgnoredLineEvent[]): void {
    for (const skip of ignored)
      log.info({ type: loggableType(skip.type), reason: skip.reason }, 'LINE event ignored');
  }

  async function webhook(req: Request, res: Response): Promise<void> {
    const receivedAt = deps.clock();
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyLineSignature(raw, config.line!.channelSecret, req.headers[LINE_SIGNATURE_HEADER])) {
      log.warn({ bytes: raw.length }, 'LINE webhook refused: bad or missing signature');
      res.status(401).json({ error: 'X-Line-Signature is missing or does not match the body' });
      return;
    }
    const parsed = parseLineWebhookBody(raw);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error });
      return;
    }
    const classified = classifyLineEvents(parsed.body, receivedAt);
    logIgnored(classified.ignored);
    // Cut at MAX_INBOUND_CHARS here, at the channel boundary (the screen reads head and tail).
    const inbound = classified.inbound.map((item) => ({
      ...item,
      event: boundInbound(item.event, config.maxInboundChars),
    }));
    if (inbound.length === 0) {
      res.status(200).json({});
      return;
    }
    const { fresh, failed } = await deps.store(inbound);
    if (failed.length > 0) {
      // Never 200 for an event we did not store: LINE's redelivery (when enabled) brings it back;
      // the events that were stored are processed now all the same (a redelivery skips them).
      log.error(
        { failed: failed.length, events: inbound.length },
        'LINE events could not be stored; answering 500',
      );
      res.status(500).json({ error: 'events could not be stored; please redeliver' });
      for (const item of failed) deps.crisisWithoutDatabase(item);
    } else {
      res.status(200).json({});
    }
    if (inbound.length > fresh.length) {
      log.info({ duplicates: inbound.length - fresh.length }, 'LINE redelivery or duplicate ignored');
    }
    if (fresh.length > 0) deps.process(fresh);
  }

  const router = Router();
  router.post(
    '/',
    (_req, res, next) => {
      // Before reading the body: without credentials nothing can be verified.
      if (!config.line) {
        res
          .status(503)
          .json({ error: 'LINE is not configured: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN' });
        return;
      }
      next();
    },
    express.raw({ type: () => true, limit: deps.maxBodyBytes ?? MIB }),
    (req, res, next) => {
      webhook(req, res).catch(next);
    },
  );
  return router;
}
