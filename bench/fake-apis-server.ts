import { childOptions, serveRpc } from './lib/child';
import { startFakeApis } from './lib/fake-apis';

/** Child process: the fake LINE and Kakao APIs, away from both the server and the load generator. */
async function main(): Promise<void> {
  const options = childOptions<{ lineRate?: number; lineToken: string }>();
  const fakes = await startFakeApis(options);
  serveRpc(
    {
      stats: () => fakes.stats(),
      reset: () => fakes.reset(),
      stop: async () => {
        await fakes.close();
        setImmediate(() => process.exit(0));
      },
    },
    { url: fakes.url },
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`fake APIs failed: ${String(error)}\n`);
  process.exit(1);
});
