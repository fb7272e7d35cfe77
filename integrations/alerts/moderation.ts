import type { Config } from '../../bot/config';
import type { RiskLevel } from '../../bot/risk';

/** What the second opinion says: a level (never used to lower the screen's) and the categories that fired. */
export interface ModerationVerdict {
  level: RiskLevel;
  categories: string[];
}

export type ModerationCheck = (text: string) => Promise<ModerationVerdict>;

export interface ModerationOptions {
  apiKey: string;
  /** OpenAI-compatible base URL ending in /v1 (default https://api.openai.com/v1). */
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** The shared ceiling on model calls (LLM_CALLS_PER_MINUTE); over it the check is skipped. */
  callBudget?: { allow(key: string): boolean };
}

/**
 * Removes what could identify someone before the text leaves the machine: e-mail addresses,
 * links, @handles and any run of 3+ digits (phone, student, account numbers; the host already
 * masked 주민등록번호-style numbers).
 */
export function stripIdentifiers(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/https?:\/\/\S+|www\.\S+/gi, '[link]')
    .replace(/@[\w.]{2,}/g, '[handle]')
    .replace(/\d[\d\s-]{1,}\d/g, (m) => (m.replace(/\D/g, '').length >= 3 ? '[number]' : m));
}

/** Categories that raise a level: self-harm → high; threats and sexual content with minors → harm by others. */
const HIGH = ['self-harm', 'self-harm/intent', 'self-harm/instructions'];
const HARM = ['harassment/threatening', 'sexual/minors'];

/** Maps a moderation result to a level. Violence alone is not used: games and films flood it. */
export function verdictOf(categories: Record<string, boolean>): ModerationVerdict {
  const fired = Object.entries(categories)
    .filter(([, on]) => on)
    .map(([name]) => name);
  if (fired.some((c) => HIGH.includes(c))) return { level: 'high', categories: fired };
  if (fired.some((c) => HARM.includes(c))) return { level: 'harm_by_others', categories: fired };
  return { level: 'none', categories: fired };
}

/** The OpenAI moderation endpoint as an asynchronous second opinion (never on the reply path). */
export function createModerationCheck(options: ModerationOptions): ModerationCheck {
  const base = (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const doFetch = options.fetchImpl ?? fetch;
  return async (text) => {
    // Over the ceiling the second opinion is skipped: the screen's answer stands (it may only raise).
    if (options.callBudget && !options.callBudget.allow('llm')) return { level: 'none', categories: [] };
    const response = await doFetch(`${base}/moderations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({
        model: options.model ?? 'omni-moderation-latest',
        input: stripIdentifiers(text),
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`moderation endpoint answered ${response.status}`);
    const body = (await response.json()) as { results?: { categories?: Record<string, boolean> }[] };
    return verdictOf(body.results?.[0]?.categories ?? {});
  };
}

/** The check when MODERATION=on and an OpenAI-compatible endpoint is configured; else undefined. */
export function moderationFromConfig(
  config: Config,
  callBudget?: { allow(key: string): boolean },
): ModerationCheck | undefined {
  if (!config.moderation || !config.llm) return undefined;
  return createModerationCheck({ apiKey: config.llm.apiKey, baseUrl: config.llm.baseUrl, callBudget });
}
