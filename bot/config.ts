import { z } from 'zod';

/**
 * The whole environment, parsed once at start-up into a frozen object and passed in.
 * Nothing else reads `process.env`.
 */

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected a positive whole number, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const nonNegativeInt = (fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from 0 to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: string[]) =>
  optionalText.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL (${protocols.join(' or ')})` },
  );

const adminTokens = optionalText.transform((v, ctx) => {
  const tokens = new Map<string, string>();
  if (v === undefined) return tokens;
  for (const pair of v.split(',')) {
    const [name, token, ...rest] = pair.trim().split(':');
    if (!name || !token || rest.length > 0 || token.length < 16 || !/^[\w.-]+$/.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected name:token pairs separated by commas, tokens of at least 16 characters',
      });
      return z.NEVER;
    }
    tokens.set(token, name);
  }
  return tokens;
});

const hostList = optionalText.transform((v) =>
  (v ?? '*.kakao.com')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .default('info'),
  PORT: positiveInt(3000).refine((p) => p < 65536, { message: 'expected a port below 65536' }),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATA_DIR: optionalText.transform((v) => v ?? './.data'),
  LINE_CHANNEL_SECRET: optionalText,
  LINE_CHANNEL_ACCESS_TOKEN: optionalText,
  LINE_API_BASE_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://api.line.me'),
  KAKAO_SKILL_SECRET: optionalText,
  KAKAO_BOT_ID: optionalText.transform((v) => v?.replace(/!$/, '')),
  KAKAO_REST_API_KEY: optionalText,
  KAKAO_API_BASE_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://bot-api.kakao.com'),
  KAKAO_EVENT_NAME: optionalText.transform((v) => v ?? 'outbox'),
  KAKAO_SYNC_BUDGET_MS: positiveInt(3500).refine((v) => v <= 4500, {
    message: 'expected at most 4500 (Kakao gives 5 s in all)',
  }),
  KAKAO_CALLBACK_HOSTS: hostList,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: url(['http:', 'https:']),
  OPENAI_MODEL: optionalText.transform((v) => v ?? 'gpt-4o-mini'),
  MODERATION: z.enum(['on', 'off']).optional().default('off'),
  ADMIN_TOKENS: adminTokens,
  ESCALATION_ACK_HIGH_S: positiveInt(300),
  ESCALATION_ACK_CONCERN_S: positiveInt(1800),
  RETENTION_DAYS: positiveInt(90),
  LOG_HASH_SECRET: optionalText,
  WEB_CHAT: z.enum(['dev', 'public', 'off']).optional(),
  MAX_INBOUND_CHARS: positiveInt(4000).refine((n) => n >= 200 && n <= 100_000, {
    message: 'expected between 200 and 100000 characters',
  }),
  TRUST_PROXY: nonNegativeInt(0, 10),
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'expected at least 16 characters',
  }),
  LLM_CALLS_PER_MINUTE: positiveInt(60),
  LLM_TRACING: z.enum(['on', 'off']).optional().default('off'),
  BOT_CRASH_AT: optionalText,
});

export type Environment = Record<string, string | undefined>;

/** The resolved configuration. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  port: number;
  database: { url?: string; dataDir: string };
  line?: { channelSecret: string; channelAccessToken: string; apiBaseUrl: string };
  lineApiBaseUrl: string;
  kakao: {
    skillSecret?: string;
    botId?: string;
    eventApi?: { restApiKey: string; baseUrl: string; eventName: string; botId: string };
    syncBudgetMs: number;
    callbackHosts: string[];
  };
  llm?: { apiKey: string; baseUrl?: string; model: string };
  moderation: boolean;
  /** token → operator name (written to the audit log). Empty = admin API off. */
  adminTokens: ReadonlyMap<string, string>;
  escalation: { ackHighS: number; ackConcernS: number };
  retentionDays: number;
  logHashSecret: string;
  webChat: 'dev' | 'public' | 'off';
  /** `dev` by default (WEB_CHAT unset): only loopback clients may use the web chat. */
  webChatLoopbackOnly: boolean;
  /** Longer inbound texts are cut at the channel boundary (the risk screen reads head and tail). */
  maxInboundChars: number;
  /** Hops of X-Forwarded-For to trust when finding a client's address (Express `trust proxy`). */
  trustProxy: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Ceiling on model calls across all users of this process; above it the offline answer is used. */
  llmCallsPerMinute: number;
  /** LANGSMITH_* / LANGCHAIN_* variables reach the LLM client only when LLM_TRACING=on. */
  llmTracing: boolean;
  /** Things an operator should know at start-up (logged as warnings by main). */
  warnings: string[];
  /** Fault-injection tests only (NODE_ENV=test): the named crash point to die at. */
  crashAt?: string;
}

/** Thrown when the environment is wrong; the message names each variable and what is expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every wrong variable. */
export function loadConfig(env: Environment): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  if (Boolean(e.LINE_CHANNEL_SECRET) !== Boolean(e.LINE_CHANNEL_ACCESS_TOKEN)) {
    problems.push('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: set both or neither');
  }
  if (e.KAKAO_REST_API_KEY && !e.KAKAO_BOT_ID) {
    problems.push('KAKAO_BOT_ID: required when KAKAO_REST_API_KEY (Event API) is set');
  }
  if (production && !e.KAKAO_SKILL_SECRET) {
    problems.push(
      'KAKAO_SKILL_SECRET: required when NODE_ENV=production (anyone could call the skill otherwise)',
    );
  }
  if (production && !e.LOG_HASH_SECRET) {
    problems.push(
      'LOG_HASH_SECRET: required when NODE_ENV=production (pseudonyms in logs need a private key)',
    );
  }
  if (e.LOG_HASH_SECRET !== undefined && e.LOG_HASH_SECRET.length < 16) {
    problems.push('LOG_HASH_SECRET: expected at least 16 characters');
  }
  if (production && e.WEB_CHAT === 'dev') {
    problems.push(
      'WEB_CHAT: "dev" lets any client name its user and is refused when NODE_ENV=production (use public or off)',
    );
  }
  if (production) {
    const loopback = e.KAKAO_CALLBACK_HOSTS.filter(isLoopbackHost);
    if (loopback.length > 0)
      problems.push(
        `KAKAO_CALLBACK_HOSTS: loopback hosts (${loopback.join(', ')}) are for tests and refused when NODE_ENV=production`,
      );
  }
  if (e.BOT_CRASH_AT && e.NODE_ENV !== 'test') {
    problems.push('BOT_CRASH_AT: only allowed with NODE_ENV=test (it kills the process on purpose)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const webChat = e.WEB_CHAT ?? (production ? 'off' : 'dev');
  const warnings: string[] = [];
  if (e.WEB_CHAT === undefined && webChat === 'dev')
    warnings.push(
      'WEB_CHAT is not set: the web chat emulator is on for this machine only (127.0.0.1, ::1); set WEB_CHAT=public or off before exposing the server',
    );
  if (production && !e.METRICS_TOKEN)
    warnings.push('METRICS_TOKEN is not set: /metrics is open to anyone who can reach the server');
  // Requests are compared without the dev channel's trailing "!", but the Event API must
  // address the development channel as "<id>!", so it keeps the id as configured.
  const rawBotId = env.KAKAO_BOT_ID?.trim() || undefined;
  const config: Config = {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR },
    line:
      e.LINE_CHANNEL_SECRET && e.LINE_CHANNEL_ACCESS_TOKEN
        ? {
            channelSecret: e.LINE_CHANNEL_SECRET,
            channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN,
            apiBaseUrl: e.LINE_API_BASE_URL,
          }
        : undefined,
    lineApiBaseUrl: e.LINE_API_BASE_URL,
    kakao: {
      skillSecret: e.KAKAO_SKILL_SECRET,
      botId: e.KAKAO_BOT_ID,
      eventApi:
        e.KAKAO_REST_API_KEY && e.KAKAO_BOT_ID
          ? {
              restApiKey: e.KAKAO_REST_API_KEY,
              baseUrl: e.KAKAO_API_BASE_URL,
              eventName: e.KAKAO_EVENT_NAME,
              botId: rawBotId ?? e.KAKAO_BOT_ID,
            }
          : undefined,
      syncBudgetMs: e.KAKAO_SYNC_BUDGET_MS,
      callbackHosts: e.KAKAO_CALLBACK_HOSTS,
    },
    llm:
      e.OPENAI_API_KEY || e.OPENAI_BASE_URL
        ? { apiKey: e.OPENAI_API_KEY ?? 'not-needed', baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }
        : undefined,
    moderation: e.MODERATION === 'on',
    adminTokens: e.ADMIN_TOKENS,
    escalation: { ackHighS: e.ESCALATION_ACK_HIGH_S, ackConcernS: e.ESCALATION_ACK_CONCERN_S },
    retentionDays: e.RETENTION_DAYS,
    logHashSecret: e.LOG_HASH_SECRET ?? 'development-only-log-hash-secret',
    webChat,
    webChatLoopbackOnly: webChat === 'dev' && e.WEB_CHAT === undefined,
    maxInboundChars: e.MAX_INBOUND_CHARS,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    llmCallsPerMinute: e.LLM_CALLS_PER_MINUTE,
    llmTracing: e.LLM_TRACING === 'on',
    warnings,
    crashAt: e.BOT_CRASH_AT,
  };
  return deepFreeze(config);
}

/** 127.0.0.0/8, ::1, localhost: fine for test fakes, never a real Kakao callback host. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '0.0.0.0'
  );
}

/** Variables LangChain reads by itself (tracing sends prompts and user questions to a third party). */
const TRACING_VARIABLE = /^(LANGSMITH|LANGCHAIN)_/;

/**
 * Removes LangChain/LangSmith tracing variables from the process environment unless LLM_TRACING=on,
 * so the LLM client cannot ship users' (masked) questions to a tracing service by accident.
 * Returns the names removed. Called once by main, right after the config is parsed.
 */
export function scrubTracingEnvironment(env: Environment, allowed: boolean): string[] {
  if (allowed) return [];
  const removed = Object.keys(env).filter((name) => TRACING_VARIABLE.test(name));
  for (const name of removed) delete env[name];
  return removed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Map)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
