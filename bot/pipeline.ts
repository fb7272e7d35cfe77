import { joinReplies } from './dialog/reply';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { crashPoint } from './crash-points';
import type { Database } from './db/database';
import type { DeferredWrite, RoutedTurn, TurnContext } from './dialog';
import { frameAsState, topFrame } from './dialog/state';
import type { InboundEvent } from './events';
import type { Logger } from './logger';
import { pseudonym } from './logger';
import { storableText } from './inbound';
import { maskPersonalNumbers } from './masking';
import type { Reply } from './messages';
import type { Metrics } from './metrics';
import type { Outbox } from './outbox';
import { resolvePerson, updatePerson } from './people-store';
import { mayStoreHistory, type Language, type Person } from './people';
import { personLanguage } from '../knowledge/language/detect';
import {
  NO_RISK,
  activeMemory,
  needsCrisisReply,
  type CrisisReplyBuilder,
  type CrisisReplyFacts,
  isHigherLevel,
  type RiskAssessment,
  type RiskMemory,
  type RiskMemoryUpdate,
  type RiskScreen,
  type Speaker,
} from './risk';
import type { TextsByLanguage } from './texts-loader';
import {
  StateConflictError,
  loadState,
  markProcessed,
  recordInbound,
  releaseLease,
  renewLease,
  saveState,
  isStillReceived,
  staleInbound,
  tryLease,
  type LoadedState,
  type PipelinePayload,
} from './turn-store';

/** Step 0's verdict: computed in memory before anything can fail. */
export interface StepZero {
  risk: RiskAssessment;
  /** The crisis reply, when the risk needs one now. */
  crisisReply: Reply | null;
}

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
   * Finishes events this pipeline stored but never processed (the process died in between):
   * the reply goes through the outbox, since the original request is gone.
   */
  recover(now: Date): Promise<number>;
}

/** An event stored this long ago and still not processed was abandoned by a crashed process. */
const RECOVER_AFTER_MS = 60_000;
const RECOVER_MAX_ATTEMPTS = 3;

const LEASE_TTL_MS = 30_000;
const LEASE_WAIT_MS = 20_000;
const SPEAKER_CACHE_LIMIT = 50_000;

const eventKey = (event: InboundEvent): string => `${event.channel}:${event.channelEventId}`;
const identityKey = (event: Pick<InboundEvent, 'channel' | 'channelUserId'>): string =>
  `${event.channel}:${event.channelUserId}`;

/** The lease a turn holds; `released` once the turn's commit deleted it. */
interface HeldLease {
  personId: string;
  holder: string;
  released: boolean;
}

/** A Map used as a bounded insertion-ordered cache. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}

const speakerOf = (person: Person): Speaker =>
  person.roles.some((r) => r === 'mentor' || r === 'coordinator' || r === 'staff')
    ? 'mentor'
    : person.audience === 'parent'
      ? 'parent'
      : person.audience === 'student'
        ? 'student'
        : 'unknown';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the turn pipeline of DESIGN.md §1. */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const speakers = new Map<string, { speaker: Speaker; language: Language }>();
  const crisisSent = new Map<string, true>();
  const chains = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();

  const apology = (language: Language): Reply => ({
    messages: [{ type: 'text', text: deps.texts[language].t('core.apology') }],
    quickReplies: [{ label: deps.texts[language].t('common.menu'), postback: 'menu:open' }],
  });

  /** Screens a text (with the memory of earlier turns when the state is loaded) and builds the crisis reply. */
  function screen(event: InboundEvent, memory?: RiskMemory): StepZero {
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
  }

  /** Serialises turns of one person in this process, then across processes with the lease row. */
  async function withLease<T>(personId: string, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    const previous = chains.get(personId) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(async () => {
        const holder = `${deps.instanceId}:${randomUUID()}`;
        // Turns of one person run one at a time in this process, so a lease of ours still in the
        // table here was left behind by a turn that lost the database: take it over.
        const options = { holder, ttlMs: LEASE_TTL_MS, ownPrefix: `${deps.instanceId}:` };
        const deadline = Date.now() + LEASE_WAIT_MS;
        let wait = 10;
        while (!(await tryLease(deps.db, personId, options))) {
          if (Date.now() > deadline) throw new Error('user lease busy for too long');
          await sleep(wait);
          wait = Math.min(wait * 2, 200);
        }
        const heartbeat = setInterval(
          () => void renewLease(deps.db, personId, options).catch(() => undefined),
          LEASE_TTL_MS / 3,
        );
        heartbeat.unref();
        const lease: HeldLease = { personId, holder, released: false };
        try {
          return await work(lease);
        } finally {
          clearInterval(heartbeat);
          if (!lease.released) {
            await releaseLease(deps.db, personId, holder).catch((error: unknown) =>
              deps.log.warn({ err: error }, 'lease release failed; it will expire'),
            );
          }
        }
      });
    chains.set(personId, mine);
    try {
      return await mine;
    } finally {
      if (chains.get(personId) === mine) chains.delete(personId);
    }
  }

  async function runTurn(event: InboundEvent, options: TurnOptions, turnId: string): Promise<TurnOutcome> {
    const log = deps.log.child({
      turnId,
      channel: event.channel,
      user: pseudonym(deps.logHashSecret, identityKey(event)),
    });
    const zero = options.zero ?? screen(event);
    let crisisReply = zero.crisisReply;
    if (crisisReply && crisisSent.has(eventKey(event))) crisisReply = null;
    const masked = event.text === undefined ? undefined : maskPersonalNumbers(storableText(event.text));
    // Postbacks are untrusted input too (anyone can craft one): masked and cleaned like text.
    const postback =
      event.postback === undefined ? undefined : maskPersonalNumbers(storableText(event.postback)).text;
    const { screenText: _screenOnly, ...kept } = event;
    const maskedEvent: InboundEvent = { ...kept, text: masked?.text, postback };

    let person: Person;
    try {
      if (!options.alreadyRecorded) {
        const payload: PipelinePayload = {
          pipelineEvent: { ...maskedEvent, occurredAt: maskedEvent.occurredAt.toISOString() },
        };
        const isNew = await recordInbound(deps.db, maskedEvent, payload, deps.clock());
        // A retry of an event stored but never finished (its first attempt lost the database or
        // the process) is processed now; `markProcessed` still lets only one attempt commit.
        if (!isNew && !(await isStillReceived(deps.db, event))) {
          log.info('duplicate event ignored');
          return { turnId, status: 'duplicate', reply: { messages: [], quickReplies: [] }, crisis: false };
        }
      }
      crashPoint('after-store');
      person = await resolvePerson(deps.db, event.channel, event.channelUserId);
    } catch (error) {
      log.error({ err: error }, 'turn could not start (database?)');
      const language = speakers.get(identityKey(event))?.language ?? 'ko';
      return {
        turnId,
        status: 'failed',
        reply: crisisReply ?? apology(language),
        crisis: crisisReply !== null,
      };
    }
    // Someone new who writes English gets English from the first answer on.
    // A Vietnamese or Chinese message keeps that language, through "네" and "4" (knowledge/language).
    const spoken = personLanguage(person.language, person.greeted, masked?.text ?? '');
    const switchTo = spoken !== person.language ? spoken : null;
    if (switchTo) person = { ...person, language: switchTo };
    remember(
      speakers,
      identityKey(event),
      { speaker: speakerOf(person), language: person.language },
      SPEAKER_CACHE_LIMIT,
    );

    // The screen at step 0 did not know the speaker; a parent's or mentor's words read differently.
    let risk = zero.risk;
    if (event.text && !options.zero && speakerOf(person) !== 'unknown') {
      const rescreened = screen(event);
      risk = rescreened.risk;
      crisisReply = crisisSent.has(eventKey(event)) ? null : rescreened.crisisReply;
    }

    try {
      return await processUnderLease(person);
    } catch (error) {
      log.error({ err: error }, 'turn failed inside the lease (database?)');
      return {
        turnId,
        status: 'failed',
        reply: crisisReply ?? apology(person.language),
        crisis: crisisReply !== null,
      };
    }

    function processUnderLease(person: Person): Promise<TurnOutcome> {
      return withLease(person.id, async (lease) => {
        for (let attempt = 0; ; attempt += 1) {
          const now = deps.clock();
          const loaded = await loadState(deps.db, person.id, now);
          // With the memory of earlier turns the screen may see more than step 0 did (never less).
          const memory = activeMemory(loaded.riskMemory, now);
          if (memory && event.text) {
            const remembered = screen(event, memory);
            if (isHigherLevel(remembered.risk.level, risk.level)) {
              risk = remembered.risk;
              if (!crisisReply && !crisisSent.has(eventKey(event))) crisisReply = remembered.crisisReply;
            }
          }
          const riskMemory = event.text ? deps.rememberRisk?.(memory, risk, now) : loaded.riskMemory;
          const deferred: DeferredWrite[] = [];
          const ctx: TurnContext = {
            now,
            input: { text: masked?.text ?? '', postback },
            event: maskedEvent,
            person,
            state: frameAsState(topFrame(loaded.state)),
            conversation: loaded.state,
            texts: deps.texts[person.language],
            risk,
            db: deps.db,
            log,
            mayStoreHistory: mayStoreHistory(person.consent),
            slowWorkBudgetMs: options.slowWorkBudgetMs,
            defer: (write) => void deferred.push(write),
          };
          if (switchTo) deferred.push((tx) => updatePerson(tx, person.id, { language: switchTo }));
          let result: RoutedTurn;
          let failed = false;
          const dialogStarted = performance.now();
          try {
            result = await deps.route(ctx);
          } catch (error) {
            log.error({ err: error }, 'dialog failed; state left unchanged');
            failed = true;
            deferred.length = 0;
            result = { reply: apology(person.language), conversation: loaded.state };
          }
          deps.metrics?.dialogSeconds.observe((performance.now() - dialogStarted) / 1000);
          // Tell the user what was not read or not kept (before the answer itself).
          const notices = [
            ...(event.truncated ? [ctx.texts.t('core.truncated')] : []),
            ...(masked && masked.masked.length > 0 ? [ctx.texts.t('core.masked')] : []),
          ];
          if (notices.length > 0) {
            const notice: Reply = {
              messages: notices.map((text) => ({ type: 'text' as const, text })),
              quickReplies: [],
            };
            result = { ...result, reply: joinReplies(notice, result.reply) };
          }
          const reply = crisisReply ? joinReplies(crisisReply, result.reply) : result.reply;
          try {
            const replyOutboxId = await commit(
              ctx,
              loaded,
              result,
              deferred,
              reply,
              failed,
              options,
              lease,
              riskMemory,
            );
            return {
              turnId,
              status: failed ? 'failed' : 'processed',
              reply,
              crisis: crisisReply !== null,
              replyOutboxId,
              personId: person.id,
            } satisfies TurnOutcome;
          } catch (error) {
            if (error instanceof StateConflictError && attempt < 2) {
              log.warn('state conflict; retrying the turn');
              continue;
            }
            if (error instanceof DuplicateTurnError) {
              return {
                turnId,
                status: 'duplicate',
                reply: { messages: [], quickReplies: [] },
                crisis: false,
              };
            }
            log.error({ err: error }, 'turn could not be saved');
            return {
              turnId,
              status: 'failed',
              reply: crisisReply ?? apology(person.language),
              crisis: crisisReply !== null,
            };
          }
        }
      });
    }
  }

  async function commit(
    ctx: TurnContext,
    loaded: LoadedState,
    result: RoutedTurn,
    deferred: DeferredWrite[],
    reply: Reply,
    failed: boolean,
    options: TurnOptions,
    lease: HeldLease,
    riskMemory: RiskMemory | undefined,
  ): Promise<string | undefined> {
    const { person, now } = ctx;
    const outboxId = await deps.db.transaction(async (tx) => {
      if (!(await markProcessed(tx, ctx.event, now))) throw new DuplicateTurnError();
      // Releasing the lease with the turn's own commit saves a round trip and a flush per turn.
      await tx.query('DELETE FROM user_leases WHERE person_id = $1 AND holder = $2', [
        lease.personId,
        lease.holder,
      ]);
      if (failed) {
        await tx.query(
          `UPDATE inbound_events SET status = 'failed' WHERE channel = $1 AND channel_event_id = $2`,
          [ctx.event.channel, ctx.event.channelEventId],
        );
      }
      for (const write of deferred) await write(tx);
      if (result.forget) return undefined;
      const unchanged =
        JSON.stringify(result.conversation) === JSON.stringify(loaded.state) &&
        JSON.stringify(riskMemory) === JSON.stringify(loaded.riskMemory);
      if (!failed && !unchanged) {
        const expiresAt = ctx.mayStoreHistory
          ? null
          : new Date(now.getTime() + (deps.unconsentedStateTtlMs ?? 86_400_000));
        await saveState(tx, person.id, loaded, result.conversation, expiresAt, riskMemory);
      }
      const flow = topFrame(result.conversation)?.flow ?? null;
      if (ctx.mayStoreHistory && ctx.input.text && flow !== 'support') {
        await tx.query(
          `INSERT INTO message_log (person_id, channel, channel_message_id, direction, flow, text) VALUES ($1, $2, $3, 'in', $4, $5)`,
          [person.id, ctx.event.channel, ctx.event.channelEventId, flow, ctx.input.text],
        );
      }
      if (options.durableReplyGraceMs !== undefined && reply.messages.length > 0) {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at)
           VALUES ($1, $2, $3, 'reply', $4, $5, $6) RETURNING id`,
          [
            person.id,
            ctx.event.channel,
            ctx.event.channelUserId,
            JSON.stringify(reply),
            `reply:${ctx.event.channel}:${ctx.event.channelEventId}`,
            new Date(now.getTime() + options.durableReplyGraceMs),
          ],
        );
        return rows[0] ? String(rows[0].id) : undefined;
      }
      return undefined;
    });
    lease.released = true;
    return outboxId;
  }

  return {
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
    async recover(now) {
      const stale = await staleInbound(deps.db, new Date(now.getTime() - RECOVER_AFTER_MS), 100);
      for (const { event, attempts } of stale) {
        if (attempts > RECOVER_MAX_ATTEMPTS) {
          await deps.db.query(
            `UPDATE inbound_events SET status = 'failed', payload = NULL WHERE channel = $1 AND channel_event_id = $2`,
            [event.channel, event.channelEventId],
          );
          deps.log.error(
            { channel: event.channel },
            'inbound event given up after repeated recovery failures',
          );
          continue;
        }
        // The text is already masked; the reply is delivered by the outbox worker at once.
        await this.run(event, { slowWorkBudgetMs: 0, alreadyRecorded: true, durableReplyGraceMs: 0 });
      }
      return stale.length;
    },
  };
}

/** The event was processed by another turn between our dedupe check and our commit. */
export class DuplicateTurnError extends Error {
  constructor() {
    super('event already processed');
    this.name = 'DuplicateTurnError';
  }
}
