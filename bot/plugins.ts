import type { BotPlugins } from './bot';

/**
 * The capabilities, channels and risk screen this deployment runs. Each capability lands here
 * with one line; the host itself knows none of them.
 */
export function defaultPlugins(): BotPlugins {
  return {};
}
