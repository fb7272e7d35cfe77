import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy inside the test process, on 127.0.0.1, in front of a real server (PostgreSQL): the
 * "database cut" of DESIGN.md §5 without touching the machine's server. `cut()` destroys every
 * open connection and refuses new ones (the listener closes: ECONNREFUSED, so clients fail fast);
 * `restore()` listens again on the same port.
 *
 *   const proxy = await startTcpProxy({ port: 5432 });
 *   const url = `postgres://postgres@127.0.0.1:${proxy.port}/test`;
 *   await proxy.cut(); … await proxy.restore();
 */
export interface TcpProxy {
  /** The port clients connect to (stays the same across cut/restore). */
  readonly port: number;
  /** Connections accepted so far (a recovering pool opens new ones). */
  readonly accepted: number;
  /** Open client connections now. */
  open(): number;
  /** True between cut() and restore(). */
  isCut(): boolean;
  /** Drops every connection and stops accepting until restore(). */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Upstream host (default 127.0.0.1). */
  host?: string;
  port: number;
  /** Port to listen on (default 0: a free one, then kept). */
  listenPort?: number;
}

/** Starts the proxy; resolves once it listens. */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const upstreamHost = options.host ?? '127.0.0.1';
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  let cut = false;
  let server: Server | undefined;

  function onConnection(client: Socket): void {
    if (cut) {
      client.destroy();
      return;
    }
    accepted += 1;
    const upstream = connect({ host: upstreamHost, port: options.port });
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  function listen(port: number): Promise<number> {
    const s = createServer(onConnection);
    server = s;
    return new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve((s.address() as AddressInfo).port);
      });
    });
  }

  function stopListening(): Promise<void> {
    const s = server;
    server = undefined;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => s.close(() => resolve()));
  }

  function dropAll(): void {
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  }

  const port = await listen(options.listenPort ?? 0);

  return {
    port,
    get accepted() {
      return accepted;
    },
    open: () => pairs.size,
    isCut: () => cut,
    async cut() {
      cut = true;
      const closing = stopListening();
      dropAll();
      await closing;
    },
    async restore() {
      if (!cut) return;
      await listen(port);
      cut = false;
    },
    async close() {
      cut = true;
      const closing = stopListening();
      dropAll();
      await closing;
    },
  };
}
