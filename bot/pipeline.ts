import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Database } from './db/database';
import type { RoutedTurn, TurnContext } from './dialog';
import type { InboundEvent } from './events';
import type { Logger } from './logger';
import { pseudonym } from './logger';
import type { Reply } from './messages';
import type { Metrics } from './metrics';
import type { Outbox } from './outbox';
import type { Language } from './people';
import {
  NO_RISK,
  needsCrisisReply,
  type CrisisReplyBuilder,
  type CrisisReplyFacts,
  type RiskMemory,
  type RiskMemoryUpdate,
  type RiskScreen,
  type Speaker,
} from './risk';
import type { TextsByLanguage } from './texts-loader';
import {
  StateConflictError,
  claimStaleInbound,
  loadState,
  pipelineEventOf,
  type PipelinePayload,
} from './turn-store';
import {
  DuplicateTurnError,
  admit,
  apologyReply,
  commit,
  decide,
  maskEvent,
  speakerOf,
  type Admitted,
  type StepZero,
  type TurnMemory,
} from './turn-steps';
import { createUserLeases } from './user-lease';

export { DuplicateTurnError, type StepZero };

export interface TurnOptions {
  /** How long slow work (LLM) may take inside this turn; 0 = answer offline. */
  slowWorkBudgetMs: number;
  /** Step 0, when the adapter already ran it (to send the crisis reply before storing). */
  zero?: StepZero;
  /** The event is already in the inbound log (LINE store-then-process, recovery). */
  alreadyRecorded?: boolean;
  /**
   * Write the reply to the outbox in the turn's transaction, sent by the worker after
   * `graceMs` unless the adapter confirms it delivered it (LINE: reply token, else push).
   */
  durableReplyGraceMs?: number;
}

export type TurnStatus = 'processed' | 'duplicate' | 'failed';

export interface TurnOutcome {
  turnId: string;
  status: TurnStatus;
  reply: Reply;
  /** The crisis reply is part of `reply`. */
  crisis: boolean;
  /** Outbox row holding the reply, when `durableReplyGraceMs` was set. */
  replyOutboxId?: string;
  personId?: string;
}

export interface PipelineDeps {
  db: Database;
  log: Logger;
  texts: TextsByLanguage;
  outbox: Outbox;
  riskScreen: RiskScreen;
  /** The screen's memory after a turn (absent: no memory is kept). */
  rememberRisk?: RiskMemoryUpdate;
  crisisReply: CrisisReplyBuilder;
  /** Who is on duty right now, from an in-memory snapshot (no database at step 0). */
  dutyStatus: () => Pick<CrisisReplyFacts, 'personOnDuty' | 'nextPersonAt'>;
  route: (ctx: TurnContext) => Promise<RoutedTurn>;
  clock: () => Date;
  instanceId: string;
  logHashSecret: string;
  metrics?: Metrics;
  /** How long a dialog state may live for someone whose consent does not allow history. */
  unconsentedStateTtlMs?: number;
}

export interface Pipeline {
  /** Step 0: the risk screen and, on high risk, the crisis reply. No I/O, never throws. */
  screen(event: InboundEvent): StepZero;
  /** Steps 1–6 of a turn. Resolves even when the database is down (with the crisis reply if any). */
  run(event: InboundEvent, options: TurnOptions): Promise<TurnOutcome>;
  /** The adapter delivered a durable reply itself: the outbox must not send it again. */
  markReplySent(outboxId: string, receipt: string): Promise<void>;
  /** Remember (in memory) that the crisis text went out for this event: a redelivery must not repeat it. */
  noteCrisisSent(event: InboundEvent): void;
  /** Waits for turns in flight (graceful shutdown). */
  drain(): Promise<void>;
  /**
   * The one recovery loop: finishes events stored but never processed (the process died in
   * between), the pipeline's own and, through their hooks, the channels' (LINE stores its events
   * before processing them). Replies go by the outbox, since the original requests are gone.
   * Returns how many events it claimed (given up ones included).
   */
  recover(now: Date, hooks?: readonly RecoveryHook[], options?: { ownEvents?: boolean }): Promise<number>;
}

/** A channel that stores events in its own format and finishes them itself (LINE: by push). */
export interface RecoveryHook {
  /** The key of the channel's payloads in the inbound log (`payload ? key`). */
  payloadKey: string;
  /** An event still unprocessed this long after it arrived is presumed orphaned. */
  afterMs: number;
  /** At most this many a tick. */
  batch: number;
  /** False once the channel stopped (nothing is claimed for it then). */
  active(): boolean;
  /** Event ids the channel is processing right now (never claimed under its feet). */
  busy(): string[];
  /** Finishes the claimed events, oldest first; resolves when they are done. */
  resume(payloads: unknown[]): Promise<void>;
}

/** An event stored this long ago and still not processed was abandoned by a crashed process. */
const RECOVER_AFTER_MS = 60_000;
/** Attempts of a turn whose state moved under it (another instance saved first). */
const STATE_ATTEMPTS = 3;
const SPEAKER_CACHE_LIMIT = 50_000;

const eventKey = (event: InboundEvent): string => `${event.channel}:${event.channelEventId}`;
const identityKey = (event: Pick<InboundEvent, 'channel' | 'channelUserId'>): string =>
  `${event.channel}:${event.channelUserId}`;

/** A Map used as a bounded insertion-ordered cache. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}

const duplicateOutcome = (turnId: string): TurnOutcome => ({
  turnId,
  status: 'duplicate',
  reply: { messages: [], quickReplies: [] },
  crisis: false,
});

/** The one "failed" outcome: the crisis reply when there is one, else the apology. */
const failedOutcome = (turnId: string, crisisReply: Reply | null, apology: Reply): TurnOutcome => ({
  turnId,
  status: 'failed',
  reply: crisisReply ?? apology,
  crisis: crisisReply !== null,
});

/** Step 0: screens a text (with the memory of earlier turns when the state is loaded) and builds the crisis reply. */
function createScreen(
  deps: PipelineDeps,
  speakers: ReadonlyMap<string, { speaker: Speaker; language: Language }>,
): (event: InboundEvent, memory?: RiskMemory) => StepZero {
  return function screen(event, memory) {
    try {
      if (!event.text) return { risk: NO_RISK, crisisReply: null };
      const known = speakers.get(identityKey(event));
      const speaker = known?.speaker ?? 'unknown';
      // A text cut at the channel boundary is screened on its head and tail (bot/inbound.ts).
      const risk = deps.riskScreen(event.screenText ?? event.text, speaker, memory);
      // A mentor's relayed words are not a student's disclosure: the support flow decides.
      if (!needsCrisisReply(risk.level) || speaker === 'mentor') return { risk, crisisReply: null };
      const facts: CrisisReplyFacts = {
        // Someone new who writes "my son said…" gets the parent variant.
        speaker: speaker === 'unknown' && risk.relayed ? 'parent' : speaker,
        // The language of these very words first: a Vietnamese mother gets Vietnamese lines at once.
        language: risk.language ?? known?.language ?? 'ko',
        ...deps.dutyStatus(),
      };
      return { risk, crisisReply: deps.crisisReply(risk, facts) };
    } catch (error) {
      deps.log.error({ err: error }, 'risk screen failed');
      return { risk: NO_RISK, crisisReply: null };
    }
  };
}

/** Creates the turn pipeline of DESIGN.md §1. */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const speakers = new Map<string, { speaker: Speaker; language: Language }>();
  const crisisSent = new Map<string, true>();
  const inFlight = new Set<Promise<unknown>>();
  const withLease = createUserLeases(deps);
  const screen = createScreen(deps, speakers);

  const memory: TurnMemory = {
    screen,
    crisisSent: (event) => crisisSent.has(eventKey(event)),
    rememberSpeaker(event, person) {
      const entry = { speaker: speakerOf(person), language: person.language };
      remember(speakers, identityKey(event), entry, SPEAKER_CACHE_LIMIT);
    },
  };
  const apology = (language: Language): Reply => apologyReply(deps.texts, language);
  /** The pipeline's own events (web, Kakao): run again, the reply delivered by the outbox at once. */
  const ownRecovery: RecoveryHook = {
    payloadKey: 'pipelineEvent',
    afterMs: RECOVER_AFTER_MS,
    batch: 100,
    active: () => true,
    busy: () => [],
    async resume(payloads) {
      for (const payload of payloads) {
        await pipeline.run(pipelineEventOf(payload as PipelinePayload), {
          slowWorkBudgetMs: 0,
          alreadyRecorded: true,
          durableReplyGraceMs: 0,
        });
      }
    },
  };

  /** Decide and commit under the person's lease, again when the state moved under the turn. */
  async function underLease(
    turn: Admitted,
    options: TurnOptions,
    turnId: string,
    log: Logger,
  ): Promise<TurnOutcome> {
    return withLease(turn.person.id, async (lease) => {
      for (let attempt = 1; ; attempt += 1) {
        const now = deps.clock();
        const loaded = await loadState(deps.db, turn.person.id, now);
        const decision = await decide(deps, memory, turn, loaded, {
          now,
          log,
          slowWorkBudgetMs: options.slowWorkBudgetMs,
        });
        try {
          const replyOutboxId = await commit(deps, {
            decision,
            loaded,
            lease,
            durableReplyGraceMs: options.durableReplyGraceMs,
          });
          return {
            turnId,
            status: decision.failed ? 'failed' : 'processed',
            reply: decision.reply,
            crisis: turn.crisisReply !== null,
            replyOutboxId,
            personId: turn.person.id,
          };
        } catch (error) {
          if (error instanceof StateConflictError && attempt < STATE_ATTEMPTS) {
            log.warn('state conflict; retrying the turn');
            continue;
          }
          throw error;
        }
      }
    });
  }

  async function runTurn(event: InboundEvent, options: TurnOptions, turnId: string): Promise<TurnOutcome> {
    const log = deps.log.child({
      turnId,
      channel: event.channel,
      user: pseudonym(deps.logHashSecret, identityKey(event)),
    });
    const zero = options.zero ?? screen(event);
    const crisisReply = zero.crisisReply && !crisisSent.has(eventKey(event)) ? zero.crisisReply : null;
    let admitted;
    try {
      admitted = await admit(deps, memory, {
        original: event,
        masked: maskEvent(event),
        zero: { risk: zero.risk, crisisReply },
        alreadyRecorded: options.alreadyRecorded === true,
        screenedByAdapter: options.zero !== undefined,
      });
    } catch (error) {
      log.error({ err: error }, 'turn could not start (database?)');
      return failedOutcome(turnId, crisisReply, apology(speakers.get(identityKey(event))?.language ?? 'ko'));
    }
    if (admitted.status === 'duplicate') {
      log.info('duplicate event ignored');
      return duplicateOutcome(turnId);
    }
    const turn = admitted.turn;
    try {
      return await underLease(turn, options, turnId, log);
    } catch (error) {
      if (error instanceof DuplicateTurnError) return duplicateOutcome(turnId);
      log.error({ err: error }, 'turn failed (database?)');
      return failedOutcome(turnId, turn.crisisReply, apology(turn.person.language));
    }
  }

  const pipeline: Pipeline = {
    screen,
    async run(event, options) {
      const turnId = randomUUID();
      const started = performance.now();
      const work = runTurn(event, options, turnId);
      inFlight.add(work);
      try {
        const outcome = await work;
        deps.metrics?.turns.inc({ channel: event.channel, status: outcome.status });
        if (outcome.crisis) deps.metrics?.crisisReplies.inc({ channel: event.channel });
        return outcome;
      } finally {
        inFlight.delete(work);
        deps.metrics?.turnSeconds.observe({ channel: event.channel }, (performance.now() - started) / 1000);
      }
    },
    async markReplySent(outboxId, receipt) {
      await deps.db.query(
        `UPDATE outbox SET status = 'sent', sent_at = now(), receipt = $2 WHERE id = $1 AND status = 'pending'`,
        [outboxId, receipt],
      );
    },
    noteCrisisSent(event) {
      remember(crisisSent, eventKey(event), true, SPEAKER_CACHE_LIMIT);
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
    async recover(now, hooks = [], options = {}) {
      let claimed = 0;
      // A channel starting up recovers only its own events (the host's tick does the rest).
      for (const hook of options.ownEvents === false ? hooks : [ownRecovery, ...hooks]) {
        if (hook.active()) claimed += await recoverFor(deps, hook, now);
      }
      return claimed;
    },
  };
  return pipeline;
}

/** One recovery pass for one kind of stored event: claim, give up the tired ones, resume the rest. */
async function recoverFor(deps: PipelineDeps, hook: RecoveryHook, now: Date): Promise<number> {
  const { claimed, abandoned } = await claimStaleInbound(deps.db, {
    payloadKey: hook.payloadKey,
    olderThan: new Date(now.getTime() - hook.afterMs),
    limit: hook.batch,
    exclude: hook.busy(),
  });
  if (abandoned > 0) {
    deps.log.error(
      { events: abandoned, kind: hook.payloadKey },
      'inbound events given up after repeated recovery failures',
    );
  }
  const busy = new Set(hook.busy());
  const payloads = claimed.filter((c) => !busy.has(c.channelEventId)).map((c) => c.payload);
  if (payloads.length > 0) {
    deps.log.warn(
      { events: payloads.length, kind: hook.payloadKey },
      'recovering events stored but not processed',
    );
    await hook.resume(payloads);
  }
  return claimed.length + abandoned;
}
