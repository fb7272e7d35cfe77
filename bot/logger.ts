import { createHmac } from 'node:crypto';
import pino from 'pino';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level: string;
  pretty: boolean;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: pino.DestinationStream;
}

/**
 * Creates the process logger. Log lines carry pseudonymous ids and never message text: callers
 * log ids through `pseudonym()` and describe events, not what users wrote.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    base: undefined,
    // Belt and braces: these keys must never reach a log line even if a caller slips.
    serializers: { err: safeError },
    redact: {
      paths: ['text', 'utterance', '*.text', '*.utterance', 'body', '*.body', 'excerpt'],
      censor: '[hidden]',
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true } },
    });
  }
  return pino(base);
}

/**
 * Serialises an error without what drivers attach to it (PGlite: the query and its parameters;
 * pg: `where`, `detail`), which may hold user text or ids.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    code: typeof code === 'string' ? code : undefined,
    message: error.message.slice(0, 300),
    stack: error.stack,
  };
}

/** Keyed hash of an identifier for logs: stable within a deployment, useless outside it. */
export function pseudonym(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url').slice(0, 12);
}
