import { ConfigError, loadConfig, scrubTracingEnvironment } from '../../bot/config';

const expectProblem = (env: Record<string, string>, variable: string, reason: RegExp) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems.find((p) => p.startsWith(variable));
    expect(problem).toBeDefined();
    expect(problem).toMatch(reason);
    return;
  }
  throw new Error(`expected ${variable} to be refused`);
};

describe('config', () => {
  it('has working defaults for a newcomer (embedded database, dev web chat)', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./.data');
    expect(config.webChat).toBe('dev');
    expect(config.line).toBeUndefined();
    expect(config.llm).toBeUndefined();
    expect(config.kakao.syncBudgetMs).toBe(3500);
    expect(config.kakao.callbackHosts).toEqual(['*.kakao.com']);
    expect(config.escalation).toEqual({ ackHighS: 300, ackConcernS: 1800 });
    expect(config.retentionDays).toBe(90);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kakao)).toBe(true);
  });

  it('turns web chat off by default in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      KAKAO_SKILL_SECRET: 's',
      LOG_HASH_SECRET: 'x'.repeat(16),
    });
    expect(config.webChat).toBe('off');
  });

  it.each([
    ['NODE_ENV', { NODE_ENV: 'staging' }, /development|production|test/],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /info/],
    ['PORT', { PORT: 'eighty' }, /positive whole number/],
    ['PORT', { PORT: '70000' }, /below 65536/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /postgres/],
    ['LINE_API_BASE_URL', { LINE_API_BASE_URL: 'not a url' }, /URL/],
    ['KAKAO_API_BASE_URL', { KAKAO_API_BASE_URL: 'ftp://x' }, /URL/],
    ['KAKAO_SYNC_BUDGET_MS', { KAKAO_SYNC_BUDGET_MS: '9000' }, /at most 4500/],
    ['KAKAO_SYNC_BUDGET_MS', { KAKAO_SYNC_BUDGET_MS: '-1' }, /positive/],
    ['OPENAI_BASE_URL', { OPENAI_BASE_URL: '127.0.0.1:9' }, /URL/],
    ['MODERATION', { MODERATION: 'yes' }, /on|off/],
    ['ADMIN_TOKENS', { ADMIN_TOKENS: 'alice' }, /name:token/],
    ['ADMIN_TOKENS', { ADMIN_TOKENS: 'alice:short' }, /16 characters/],
    ['ESCALATION_ACK_HIGH_S', { ESCALATION_ACK_HIGH_S: '0' }, /positive/],
    ['ESCALATION_ACK_CONCERN_S', { ESCALATION_ACK_CONCERN_S: '1.5' }, /whole number/],
    ['RETENTION_DAYS', { RETENTION_DAYS: 'forever' }, /positive/],
    ['LOG_HASH_SECRET', { LOG_HASH_SECRET: 'short' }, /16 characters/],
    ['WEB_CHAT', { WEB_CHAT: 'maybe' }, /dev|public|off/],
    ['LINE_CHANNEL_SECRET', { LINE_CHANNEL_SECRET: 'only-one' }, /both or neither/],
    ['KAKAO_BOT_ID', { KAKAO_REST_API_KEY: 'key' }, /required/],
    ['KAKAO_SKILL_SECRET', { NODE_ENV: 'production', LOG_HASH_SECRET: 'x'.repeat(16) }, /production/],
    ['LOG_HASH_SECRET', { NODE_ENV: 'production', KAKAO_SKILL_SECRET: 's' }, /production/],
    ['BOT_CRASH_AT', { BOT_CRASH_AT: 'after-store' }, /NODE_ENV=test/],
  ])('refuses a wrong %s and says what is expected', (variable, env, reason) => {
    expectProblem(env as Record<string, string>, variable, reason);
  });

  it('reads channels, the LLM and admin tokens', () => {
    const config = loadConfig({
      LINE_CHANNEL_SECRET: 'secret',
      LINE_CHANNEL_ACCESS_TOKEN: 'token',
      KAKAO_BOT_ID: 'abc123!',
      KAKAO_REST_API_KEY: 'rest',
      KAKAO_CALLBACK_HOSTS: '*.kakao.com, 127.0.0.1',
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1',
      ADMIN_TOKENS: 'alice:aaaaaaaaaaaaaaaa,bob:bbbbbbbbbbbbbbbb',
    });
    expect(config.line?.apiBaseUrl).toBe('https://api.line.me');
    expect(config.kakao.botId).toBe('abc123');
    expect(config.kakao.eventApi).toEqual({
      restApiKey: 'rest',
      baseUrl: 'https://bot-api.kakao.com',
      eventName: 'outbox',
      botId: 'abc123!',
    });
    expect(config.kakao.callbackHosts).toEqual(['*.kakao.com', '127.0.0.1']);
    expect(config.llm).toEqual({
      apiKey: 'not-needed',
      baseUrl: 'http://127.0.0.1:9999/v1',
      model: 'gpt-4o-mini',
    });
    expect(config.adminTokens.get('bbbbbbbbbbbbbbbb')).toBe('bob');
  });

  describe('security settings (issue 18)', () => {
    const production = { NODE_ENV: 'production', KAKAO_SKILL_SECRET: 's', LOG_HASH_SECRET: 'x'.repeat(16) };

    it('reads MAX_INBOUND_CHARS, TRUST_PROXY, METRICS_TOKEN and LLM_CALLS_PER_MINUTE with their defaults', () => {
      const defaults = loadConfig({});
      expect(defaults.maxInboundChars).toBe(4000);
      expect(defaults.trustProxy).toBe(0);
      expect(defaults.metricsToken).toBeUndefined();
      expect(defaults.llmCallsPerMinute).toBe(60);
      expect(defaults.llmTracing).toBe(false);
      const set = loadConfig({
        MAX_INBOUND_CHARS: '2000',
        TRUST_PROXY: '1',
        METRICS_TOKEN: 'm'.repeat(20),
        LLM_CALLS_PER_MINUTE: '5',
        LLM_TRACING: 'on',
      });
      expect([
        set.maxInboundChars,
        set.trustProxy,
        set.metricsToken,
        set.llmCallsPerMinute,
        set.llmTracing,
      ]).toEqual([2000, 1, 'm'.repeat(20), 5, true]);
    });

    it.each([
      ['MAX_INBOUND_CHARS', { MAX_INBOUND_CHARS: '10' }, /between 200/],
      ['TRUST_PROXY', { TRUST_PROXY: '-1' }, /0 to 10/],
      ['TRUST_PROXY', { TRUST_PROXY: 'true' }, /whole number/],
      ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }, /16 characters/],
      ['LLM_CALLS_PER_MINUTE', { LLM_CALLS_PER_MINUTE: '0' }, /positive/],
      ['LLM_TRACING', { LLM_TRACING: 'yes' }, /on|off/],
    ])('refuses a wrong %s', (variable, env, reason) => {
      expectProblem(env as Record<string, string>, variable, reason);
    });

    it('serves the dev web chat to loopback clients only when WEB_CHAT is not set, and says so', () => {
      const unset = loadConfig({});
      expect(unset.webChat).toBe('dev');
      expect(unset.webChatLoopbackOnly).toBe(true);
      expect(unset.warnings.join('\n')).toMatch(/WEB_CHAT is not set/);
      const explicit = loadConfig({ WEB_CHAT: 'dev' });
      expect(explicit.webChatLoopbackOnly).toBe(false);
      expect(explicit.warnings).toEqual([]);
    });

    it('refuses an explicit WEB_CHAT=dev in production', () => {
      expectProblem({ ...production, WEB_CHAT: 'dev' }, 'WEB_CHAT', /refused when NODE_ENV=production/);
      expect(loadConfig({ ...production, WEB_CHAT: 'public' }).webChat).toBe('public');
    });

    it.each(['127.0.0.1', 'localhost', '[::1]', '127.1.2.3'])(
      'refuses the loopback callback host %s in production',
      (host) => {
        expectProblem(
          { ...production, KAKAO_CALLBACK_HOSTS: `*.kakao.com,${host}` },
          'KAKAO_CALLBACK_HOSTS',
          /loopback/,
        );
        expect(loadConfig({ KAKAO_CALLBACK_HOSTS: `*.kakao.com,${host}` }).kakao.callbackHosts).toContain(
          host,
        );
      },
    );

    it('warns in production when /metrics has no token', () => {
      expect(loadConfig(production).warnings.join('\n')).toMatch(/METRICS_TOKEN/);
      expect(loadConfig({ ...production, METRICS_TOKEN: 't'.repeat(16) }).warnings).toEqual([]);
    });

    it('removes LangChain tracing variables from the environment unless LLM_TRACING=on', () => {
      const env: Record<string, string | undefined> = {
        LANGSMITH_API_KEY: 'k',
        LANGSMITH_TRACING: 'true',
        LANGCHAIN_TRACING_V2: 'true',
        LANGCHAIN_ENDPOINT: 'https://tracer.example',
        OPENAI_API_KEY: 'keep',
      };
      expect(scrubTracingEnvironment(env, true)).toEqual([]);
      expect(Object.keys(env)).toHaveLength(5);
      expect(scrubTracingEnvironment(env, false).sort()).toEqual([
        'LANGCHAIN_ENDPOINT',
        'LANGCHAIN_TRACING_V2',
        'LANGSMITH_API_KEY',
        'LANGSMITH_TRACING',
      ]);
      expect(env).toEqual({ OPENAI_API_KEY: 'keep' });
    });
  });
});
