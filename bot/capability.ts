import type { Router } from 'express';
import type { Config } from './config';
import type { Contacts } from './contacts';
import type { Database } from './db/database';
import type { Flow } from './dialog';
import type { Logger } from './logger';
import type { Outbox } from './outbox';
import type { TextsByLanguage } from './texts-loader';

/** What the host hands every capability when it is created. Explicit parameters, no container. */
export interface HostDeps {
  config: Config;
  db: Database;
  log: Logger;
  texts: TextsByLanguage;
  contacts: Contacts;
  outbox: Outbox;
}

/**
 * A capability (eligibility, knowledge, quiz, support …) plugs into the host with flows,
 * due work and admin routes. It has no privileged access: everything goes through HostDeps.
 */
export interface Capability {
  name: string;
  /** Flows with their intents, tried in this order after the global commands. */
  flows?: Flow[];
  /** Due work (schedules, deadlines): called by the tick with the current time; must be idempotent. */
  runDue?(now: Date): Promise<void>;
  /** Routes mounted under /admin (already behind the admin token). */
  adminRoutes?(router: Router): void;
  /** Released at shutdown. */
  close?(): Promise<void>;
}
