import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (the folder holding package.json), from source or from dist/. */
function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** knowledge/eligibility in the checkout (the YAML is not copied to dist/). */
export const eligibilityDirectory = (): string => join(repoRoot(), 'knowledge', 'eligibility');
/** The live rules file. */
export const rulesFile = (): string => join(eligibilityDirectory(), 'rules.yaml');
/** The sourced median-income lines. */
export const medianIncomeFile = (): string => join(eligibilityDirectory(), 'median-income.yaml');
/** The labelled verdict cases. */
export const casesFile = (): string => join(eligibilityDirectory(), 'cases.yaml');
