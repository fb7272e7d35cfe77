import type { AdminRouter } from './admin-router';
import type { Config } from './config';
import type { Contacts } from './contacts';
import type { Database } from './db/database';
import type { Flow, TurnContext, TurnResult } from './dialog';
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
  /** The clock (tests move it); business logic still takes `now` from the turn or runDue. */
  clock: () => Date;
}

/**
 * A capability (eligibility, knowledge, quiz, support …) plugs into the host with flows,
 * due work and admin routes. It has no privileged access: everything goes through HostDeps.
 */
export interface Capability {
  name: string;
  /** Flows with their intents, tried in this order after the global commands. */
  flows?: Flow[];
  /**
   * Called first in the router when the risk screen found something (concern, high, harm by
   * others), whatever flow the user is in. For high risk the crisis reply was already built at
   * step 0; the result's messages are sent after it. Return null to let the host continue. The
   * capability's own `intercept` has had the turn first (a relay), so this answers the risk only.
   */
  onRisk?(ctx: TurnContext): Promise<TurnResult | null>;
  /**
   * Called before the router for every turn: lets a capability claim the turn (e.g. an open
   * relay between a student and a mentor). Return null to let the router continue. Runs at most
   * once a turn; on a flagged turn before the capability's `onRisk`.
   */
  intercept?(ctx: TurnContext): Promise<TurnResult | null>;
  /** Due work (schedules, deadlines): called by the tick with the current time; must be idempotent. */
  runDue?(now: Date): Promise<void>;
  /**
   * Retention sweeps for tables holding text or sensitive data: statements whose `$1` is the
   * cut-off instant (now − RETENTION_DAYS), e.g. `DELETE FROM x WHERE created_at < $1`.
   */
  retentionSweeps?: string[];
  /**
   * SQL conditions on `p` (a people row) under which someone who never got past their first
   * message is still kept by the transient sweep, e.g. `EXISTS (SELECT 1 FROM x WHERE x.person_id = p.id)`.
   */
  retainsPeople?: string[];
  /** Routes mounted under /admin (already behind the admin token). */
  adminRoutes?(router: AdminRouter): void;
  /** Released at shutdown. */
  close?(): Promise<void>;
}
