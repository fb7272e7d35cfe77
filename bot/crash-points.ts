/**
 * Named crash points for fault-injection tests: a child process started with BOT_CRASH_AT=<name>
 * (NODE_ENV=test only, read by bot/config.ts) kills itself with SIGKILL the first time it
 * reaches that point, so tests can prove nothing is lost or doubled across a crash.
 * In every other process `crashPoint` does nothing.
 */
let armed: string | undefined;

/** Arms one crash point (called once at start-up from the parsed config). */
export function armCrashPoint(name: string | undefined): void {
  armed = name;
}

/** Dies here, at once and without cleanup, if this point is armed. */
export function crashPoint(name: string): void {
  if (armed !== undefined && armed === name) process.kill(process.pid, 'SIGKILL');
}
