import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus metrics, on their own registry (tests create several apps). */
export interface Metrics {
  registry: Registry;
  httpSeconds: Histogram<'method' | 'route' | 'status'>;
  turnSeconds: Histogram<'channel'>;
  dialogSeconds: Histogram;
  turns: Counter<'channel' | 'status'>;
  crisisReplies: Counter<'channel'>;
  outboxSent: Counter<'channel' | 'purpose'>;
  outboxFailed: Counter<'channel' | 'reason'>;
  outboxDepth: Gauge<'status'>;
  kakaoProactive: Counter;
  lineQuotaExhausted: Counter;
  rateLimited: Counter<'channel'>;
}

/** Creates the metrics registry. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    httpSeconds: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: 'bot_turn_duration_seconds',
      help: 'Whole turn latency, step 0 to commit',
      labelNames: ['channel'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    dialogSeconds: new Histogram({
      name: 'bot_dialog_duration_seconds',
      help: 'Time spent inside dialogs (router to result)',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    turns: new Counter({
      name: 'bot_turns_total',
      help: 'Turns by channel and outcome',
      labelNames: ['channel', 'status'],
      registers: [registry],
    }),
    crisisReplies: new Counter({
      name: 'bot_crisis_replies_total',
      help: 'Crisis replies sent',
      labelNames: ['channel'],
      registers: [registry],
    }),
    outboxSent: new Counter({
      name: 'bot_outbox_sent_total',
      help: 'Outbox messages accepted by a channel',
      labelNames: ['channel', 'purpose'],
      registers: [registry],
    }),
    outboxFailed: new Counter({
      name: 'bot_outbox_failed_total',
      help: 'Outbox messages given up on',
      labelNames: ['channel', 'reason'],
      registers: [registry],
    }),
    outboxDepth: new Gauge({
      name: 'bot_outbox_depth',
      help: 'Outbox rows by status',
      labelNames: ['status'],
      registers: [registry],
    }),
    kakaoProactive: new Counter({
      name: 'bot_kakao_event_api_messages_total',
      help: 'Kakao Event API messages (15 KRW each)',
      registers: [registry],
    }),
    lineQuotaExhausted: new Counter({
      name: 'bot_line_quota_exhausted_total',
      help: 'LINE pushes refused: monthly limit reached',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'bot_rate_limited_total',
      help: 'Requests refused by the per-user rate limit',
      labelNames: ['channel'],
      registers: [registry],
    }),
  };
}
