import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { GROUP_IDS } from './types';

const day = z.string().regex(/^\d{4}-\d\d-\d\d$/, 'expected a date YYYY-MM-DD');
const localized = z.object({ ko: z.string().min(1), en: z.string().min(1) });

const ruleBase = {
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case letters, digits and dashes'),
  effectiveFrom: day,
  ended: day
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  source: z.string().min(1),
  verification: z.enum(['confirmed', 'announced', 'uncertain']),
  reason: localized,
};

const groupRule = z.object({
  ...ruleBase,
  kind: z.literal('group'),
  groups: z.array(z.enum(GROUP_IDS)).min(1),
  /** The group is defined by living outside Seoul (children placed in facilities elsewhere). */
  residenceWaived: z.boolean().optional().default(false),
});

const incomeRule = z.object({
  ...ruleBase,
  kind: z.literal('income'),
  percent: z.number().positive().max(200),
});

const rulesFileSchema = z
  .object({
    version: z.string().min(1),
    base: z.object({
      minAge: z.number().int().min(0),
      maxAge: z.number().int().min(0),
      source: z.string().min(1),
      reason: localized,
    }),
    rules: z.array(z.discriminatedUnion('kind', [groupRule, incomeRule])).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
      if (rule.ended !== null && rule.ended < rule.effectiveFrom)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'ended'],
          message: `rule "${rule.id}" ends before it starts`,
        });
    });
    if (file.base.maxAge < file.base.minAge)
      ctx.addIssue({ code: 'custom', path: ['base'], message: 'maxAge is below minAge' });
  });

const medianFileSchema = z.object({
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      source: z.string().min(1),
      verification: z.enum(['confirmed', 'uncertain']),
      bySize: z.record(z.string().regex(/^\d{1,2}$/), z.number().int().positive()),
    }),
  ),
});

export type RulesFile = z.infer<typeof rulesFileSchema>;
export type Rule = RulesFile['rules'][number];
export type GroupRule = Extract<Rule, { kind: 'group' }>;
export type IncomeRule = Extract<Rule, { kind: 'income' }>;
export type MedianIncomeFile = z.infer<typeof medianFileSchema>;

/** Everything the evaluator needs: the dated rules plus the sourced median-income lines. */
export interface RuleSet {
  version: string;
  base: RulesFile['base'];
  rules: readonly Rule[];
  median: MedianIncomeFile;
}

/** A file that could not be used, with the reason an operator can act on. */
export class RulesFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'RulesFileError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, path: string): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RulesFileError(path, `cannot read or parse YAML: ${(error as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const reason = result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new RulesFileError(path, reason);
  }
  return result.data;
}

/** Reads and validates a rules file and a median-income file; throws RulesFileError with the reason. */
export function loadRuleSet(rulesPath: string, medianPath: string): RuleSet {
  const rules = parseWith(rulesFileSchema, rulesPath);
  const median = parseWith(medianFileSchema, medianPath);
  return Object.freeze({
    version: rules.version,
    base: rules.base,
    rules: Object.freeze(rules.rules),
    median,
  });
}

/** True when `rule` applies on the Korean calendar day `date` (from 00:00 KST of effectiveFrom, through `ended`). */
export const ruleInForce = (rule: Rule, date: string): boolean =>
  rule.effectiveFrom <= date && (rule.ended === null || date <= rule.ended);

/** The 100 % median-income line for a year and household size, when a source gives it. */
export function medianIncome(set: RuleSet, year: number, size: number): number | undefined {
  return set.median.years[String(year)]?.bySize[String(size)];
}

/** Outcome of a reload: either the new version is live, or the old one keeps answering and why. */
export type ReloadResult = { ok: true; version: string } | { ok: false; reason: string; keptVersion: string };

/** Rules that operators can change without a restart. */
export interface RuleStore {
  current(): RuleSet;
  /** Re-reads the files; a broken file is refused with the reason and the old rules stay. */
  reload(): ReloadResult;
}

/**
 * Loads the rules once (throws on a broken file at start-up: the bot must not start without
 * rules) and keeps them; `reload()` swaps them only when the new files validate.
 */
export function createRuleStore(rulesPath: string, medianPath = defaultMedianPath(rulesPath)): RuleStore {
  let live = loadRuleSet(rulesPath, medianPath);
  return {
    current: () => live,
    reload() {
      try {
        live = loadRuleSet(rulesPath, medianPath);
        return { ok: true, version: live.version };
      } catch (error) {
        const reason = error instanceof RulesFileError ? error.message : String(error);
        return { ok: false, reason, keptVersion: live.version };
      }
    },
  };
}

/** median-income.yaml next to the rules file. */
function defaultMedianPath(rulesPath: string): string {
  return rulesPath.replace(/[^/\\]+$/, 'median-income.yaml');
}
