import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A benchmark child process driven over IPC: the server under test runs in its own process so the
 * load generator (autocannon, in the parent) does not share its event loop.
 */

export interface RpcRequest {
  id: number;
  cmd: string;
  args?: unknown;
}
export type RpcReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface Child {
  readonly pid: number;
  call<T = unknown>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop, then kills it (this pid only) if it does not exit in time. */
  stop(): Promise<void>;
}

/** Starts `dist/bench/<script>.js` with `options` as JSON in argv; resolves once it says "ready". */
export async function startChild(
  script: string,
  options: unknown,
  execArgv: string[] = [],
): Promise<{ child: Child; ready: unknown }> {
  const proc: ChildProcess = fork(join(__dirname, '..', `${script}.js`), [JSON.stringify(options)], {
    execArgv: ['--expose-gc', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  let nextId = 1;
  let exited = false;
  const ready = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script}: not ready after 120 s`)), 120_000);
    proc.on(
      'message',
      (message: { ready?: unknown; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
        if (message.ready !== undefined) {
          clearTimeout(timer);
          resolve(message.ready);
          return;
        }
        const waiter = message.id === undefined ? undefined : pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id as number);
        clearTimeout(waiter.timer);
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(`${script}: ${String(message.error)}`));
      },
    );
    proc.on('exit', (code) => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready`));
      for (const w of pending.values()) w.reject(new Error(`${script} exited (${code})`));
      pending.clear();
    });
  });
  const child: Child = {
    pid: proc.pid ?? -1,
    call<T>(cmd: string, args?: unknown, timeoutMs = 600_000): Promise<T> {
      if (exited) return Promise.reject(new Error(`${script} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        proc.send({ id, cmd, args } satisfies RpcRequest);
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      child.call('stop', undefined, 30_000).catch(() => undefined);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 35_000);
      await gone;
      clearTimeout(timer);
    },
  };
  return { child, ready: await ready };
}

/** The child side: answers RPC calls with `handlers`, then tells the parent it is ready. */
export function serveRpc(
  handlers: Record<string, (args: unknown) => Promise<unknown> | unknown>,
  ready: unknown,
): void {
  process.on('message', (message: RpcRequest) => {
    const handler = handlers[message.cmd];
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        const result = await handler(message.args);
        process.send?.({ id: message.id, ok: true, result } satisfies RpcReply);
      } catch (error) {
        process.send?.({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies RpcReply);
      }
    })();
  });
  // The parent going away ends the child too: a benchmark never leaves a server behind.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready });
}

/** Options the parent gives every child. */
export function childOptions<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}
