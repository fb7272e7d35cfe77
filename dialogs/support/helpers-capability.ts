import type { Capability, HostDeps } from '../../bot/capability';
import type { Flow } from '../../bot/dialog';
import type { Metrics } from '../../bot/metrics';
import { deliverBacklog } from './backlog';
import { consoleRoutes } from './console';
import { runCheckInNotices, runReminders } from './helper-follow-up';
import type { LadderDeps } from './ladder';
import { menteeAdminRoutes } from './mentee-admin';
import { introduceMentor, studentMentorIntents } from './mentees';
import { createSupportMetrics } from './metrics';
import { createDutyRoster, type DutyRoster } from './roster';
import type { SupportContext } from './shared';

/**
 * The helpers' side of support (issue 14): mentor ↔ mentee links (admin API, CSV, codes, the
 * student's "내 멘토 선생님"), reminders and check-in notices for helpers, open cases delivered to
 * helpers who come on duty or are linked later, and the helpers' web console. Runs beside the
 * support capability (registered after it) and shares its tables and ladder.
 */
export function createHelpersCapability(
  deps: HostDeps & { metrics: Metrics },
  options: { roster?: DutyRoster } = {},
): Capability {
  const ladder: LadderDeps = {
    config: deps.config,
    outbox: deps.outbox,
    texts: deps.texts,
    contacts: deps.contacts,
    metrics: createSupportMetrics(deps.metrics.registry),
    log: deps.log,
  };
  const sc: SupportContext = {
    deps: ladder,
    roster: options.roster ?? createDutyRoster(deps.db, deps.clock),
  };
  const flow: Flow = {
    name: 'support-helpers',
    acceptsVersion: () => true,
    intents: studentMentorIntents(ladder, deps.config.logHashSecret),
    step: async () => null,
  };
  return {
    name: 'support-helpers',
    flows: [flow],
    async intercept(ctx) {
      await introduceMentor(ctx, ladder);
      return null;
    },
    async runDue(now) {
      await runReminders(deps.db, ladder, now);
      await runCheckInNotices(deps.db, ladder, now);
      await deliverBacklog(deps.db, ladder, now);
    },
    adminRoutes(router) {
      menteeAdminRoutes(router, { db: deps.db, clock: deps.clock });
      consoleRoutes(router, { db: deps.db, sc, clock: deps.clock });
    },
  };
}
