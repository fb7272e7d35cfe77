import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The support capability's own Prometheus metrics. */
export interface SupportMetrics {
  casesOpened: Counter<'level'>;
  ackSeconds: Histogram<'level'>;
  acks: Counter<'level' | 'in_time'>;
  ackInTimeRatio: Gauge;
  unacknowledged: Gauge<'level'>;
}

/**
 * Registers the metrics on the host's registry (one set per bot); a second caller on the same
 * registry (the helpers' capability) gets the same set instead of a duplicate-name error.
 */
export function createSupportMetrics(registry: Registry): SupportMetrics {
  const existing = registry.getSingleMetric('support_cases_opened_total');
  if (existing) return fromRegistry(registry);
  const registers = [registry];
  return {
    casesOpened: new Counter({
      name: 'support_cases_opened_total',
      help: 'Support cases opened, by level',
      labelNames: ['level'],
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'support_time_to_ack_seconds',
      help: 'Time from a case opening to its first acknowledgement',
      labelNames: ['level'],
      buckets: [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400],
      registers,
    }),
    acks: new Counter({
      name: 'support_acks_total',
      help: 'First acknowledgements, by level and whether within the deadline',
      labelNames: ['level', 'in_time'],
      registers,
    }),
    ackInTimeRatio: new Gauge({
      name: 'support_ack_in_time_ratio',
      help: 'Share of cases of the last 30 days acknowledged within their deadline',
      registers,
    }),
    unacknowledged: new Gauge({
      name: 'support_unacknowledged_cases',
      help: 'Open cases nobody has acknowledged, by level',
      labelNames: ['level'],
      registers,
    }),
  };
}

/** The set already registered on `registry`. */
function fromRegistry(registry: Registry): SupportMetrics {
  const get = <T>(name: string): T => registry.getSingleMetric(name) as unknown as T;
  return {
    casesOpened: get('support_cases_opened_total'),
    ackSeconds: get('support_time_to_ack_seconds'),
    acks: get('support_acks_total'),
    ackInTimeRatio: get('support_ack_in_time_ratio'),
    unacknowledged: get('support_unacknowledged_cases'),
  };
}
