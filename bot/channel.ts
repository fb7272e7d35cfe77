import type { Router } from 'express';
import type { Config } from './config';
import type { Database } from './db/database';
import type { Logger } from './logger';
import type { Channel } from './messages';
import type { Metrics } from './metrics';
import type { ChannelSender } from './outbox-worker';
import type { Pipeline, RecoveryHook } from './pipeline';
import type { RateLimiter } from './rate-limit';
import type { TextsByLanguage } from './texts-loader';

/** What the host gives a channel adapter. */
export interface ChannelDeps {
  config: Config;
  db: Database;
  pipeline: Pipeline;
  log: Logger;
  metrics: Metrics;
  texts: TextsByLanguage;
  limiter: RateLimiter;
  clock: () => Date;
}

/** A channel plugged into the host: its webhook routes, its outbox sender, its due work. */
export interface ChannelAdapter {
  channel: Channel;
  /** Mounted at `path` before any JSON parser (LINE verifies the raw body). */
  routes?: { path: string; router: Router };
  sender?: ChannelSender;
  /** Due work (sweeps of what the channel keeps). */
  runDue?(now: Date): Promise<void>;
  /** Events the channel stores in its own format, finished by the pipeline's one recovery loop. */
  recovery?: RecoveryHook;
  close?(): Promise<void>;
}
