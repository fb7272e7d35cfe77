import autocannon from 'autocannon';
import { round } from './stats';

/** One load run's figures (latency in ms). */
export interface LoadFigures {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadSpec {
  url: string;
  /** Makes each request: a fresh body (and headers) every call. */
  next: () => { body: string; headers?: Record<string, string> };
  connections: number;
  durationS: number;
  /** Stop after this many requests instead of after `durationS`. */
  amount?: number;
  /** Fixed total rate (autocannon overallRate); absent = as fast as the server answers. */
  rate?: number;
}

/** Runs autocannon against `spec.url` (127.0.0.1 only) and returns its figures. */
export async function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(spec.url))
    throw new Error(`benchmarks stay on 127.0.0.1 (got ${spec.url})`);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    amount: spec.amount,
    timeout: 10,
    overallRate: spec.rate,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { body, headers } = spec.next();
          return {
            ...request,
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', ...headers },
          };
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    requests,
    seconds: round(result.duration, 2),
    rps: round(requests / Math.max(0.001, result.duration), 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
