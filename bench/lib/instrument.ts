import { Session } from 'node:inspector';
import type { Registry } from 'prom-client';
import type { Database, Queryable, Transaction } from '../../bot/db/database';
import { round } from './stats';

/**
 * Where a turn's time goes, measured from outside the code under test: the database seam wrapped
 * to time each statement, the host's own prom-client histograms, and a CPU profile summarised to
 * the functions with the most self time.
 */

interface Tally {
  count: number;
  ms: number;
}

/** Per-statement timings of the database seam. */
export interface DbTimings {
  reset(): void;
  /** Statements by shape, slowest total first. */
  summary(): { statement: string; count: number; totalMs: number; meanMs: number }[];
  totals(): { statements: number; ms: number; transactions: number; transactionMs: number };
}

/** The first words of a statement, whitespace collapsed: enough to tell statements apart. */
const shapeOf = (sql: string): string => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

/** Wraps a Database so every statement (in or out of a transaction) is timed by shape. */
export function timeDatabase(db: Database): { db: Database; timings: DbTimings } {
  let tallies = new Map<string, Tally>();
  let transactions: Tally = { count: 0, ms: 0 };
  const note = (sql: string, ms: number): void => {
    const key = shapeOf(sql);
    const t = tallies.get(key) ?? { count: 0, ms: 0 };
    t.count += 1;
    t.ms += ms;
    tallies.set(key, t);
  };
  const timed = <Q extends Queryable>(target: Q): Q['query'] =>
    (async (text: string, values?: unknown[]) => {
      const started = performance.now();
      try {
        return await target.query(text, values);
      } finally {
        note(text, performance.now() - started);
      }
    }) as Q['query'];
  const wrapped: Database = {
    kind: db.kind,
    query: timed(db),
    exec: (script) => db.exec(script),
    async transaction(work) {
      const started = performance.now();
      try {
        return await db.transaction((tx: Transaction) => work({ query: timed(tx), exec: (s) => tx.exec(s) }));
      } finally {
        transactions.count += 1;
        transactions.ms += performance.now() - started;
      }
    },
    close: () => db.close(),
  };
  return {
    db: wrapped,
    timings: {
      reset() {
        tallies = new Map();
        transactions = { count: 0, ms: 0 };
      },
      summary() {
        return [...tallies.entries()]
          .map(([statement, t]) => ({
            statement,
            count: t.count,
            totalMs: round(t.ms, 1),
            meanMs: round(t.ms / t.count, 3),
          }))
          .sort((a, b) => b.totalMs - a.totalMs);
      },
      totals() {
        let statements = 0;
        let ms = 0;
        for (const t of tallies.values()) {
          statements += t.count;
          ms += t.ms;
        }
        return {
          statements,
          ms: round(ms, 1),
          transactions: transactions.count,
          transactionMs: round(transactions.ms, 1),
        };
      },
    },
  };
}

/** Count, sum and mean (ms) of each labelled series of the histograms named. */
export async function histogramMeans(
  registry: Registry,
  names: string[],
): Promise<Record<string, { count: number; meanMs: number; labels: Record<string, string | number> }[]>> {
  const out: Record<string, { count: number; meanMs: number; labels: Record<string, string | number> }[]> =
    {};
  for (const metric of await registry.getMetricsAsJSON()) {
    if (!names.includes(metric.name)) continue;
    const series = new Map<string, { labels: Record<string, string | number>; sum: number; count: number }>();
    for (const v of metric.values as {
      value: number;
      labels: Record<string, string | number>;
      metricName?: string;
    }[]) {
      const { le: _le, ...labels } = v.labels;
      const key = JSON.stringify(labels);
      const s = series.get(key) ?? { labels, sum: 0, count: 0 };
      if (v.metricName?.endsWith('_sum')) s.sum = v.value;
      if (v.metricName?.endsWith('_count')) s.count = v.value;
      series.set(key, s);
    }
    out[metric.name] = [...series.values()]
      .filter((s) => s.count > 0)
      .map((s) => ({ labels: s.labels, count: s.count, meanMs: round((s.sum / s.count) * 1000, 3) }));
  }
  return out;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

/** A CPU profile of this process taken with the inspector (same data as --cpu-prof). */
export function cpuProfiler(): { start(): Promise<void>; stop(top?: number): Promise<ProfileSummary> } {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    async stop(top = 15) {
      const { profile } = await post<{ profile: Profile }>('Profiler.stop');
      await post('Profiler.disable');
      return summariseProfile(profile, top);
    },
  };
}

export interface ProfileSummary {
  totalMs: number;
  /** Functions by self time. */
  functions: { fn: string; where: string; selfPct: number }[];
  /** Self time grouped by where the code lives (our folders, each package, node internals, GC, idle). */
  areas: { area: string; selfPct: number }[];
}

/** Where a profiled frame's code lives: bot/, dialogs/, a package name, node:, (gc), (idle)… */
function areaOf(node: ProfileNode): string {
  const url = node.callFrame.url;
  const name = node.callFrame.functionName;
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/dist\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/` : 'other';
}

function summariseProfile(profile: Profile, top: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = [...hits.values()].reduce((s, n) => s + n, 0) || 1;
  const fns = new Map<string, { fn: string; where: string; hits: number }>();
  const areas = new Map<string, number>();
  for (const [id, n] of hits) {
    const node = byId.get(id);
    if (!node) continue;
    const where = node.callFrame.url
      ? `${node.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`
      : '';
    const key = `${node.callFrame.functionName}@${where}`;
    const f = fns.get(key) ?? { fn: node.callFrame.functionName || '(anonymous)', where, hits: 0 };
    f.hits += n;
    fns.set(key, f);
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + n);
  }
  return {
    totalMs: round((profile.endTime - profile.startTime) / 1000, 0),
    functions: [...fns.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, selfPct: round((f.hits / total) * 100, 1) })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([area, n]) => ({ area, selfPct: round((n / total) * 100, 1) })),
  };
}
