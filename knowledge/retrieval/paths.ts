import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (the folder holding package.json), from source or from dist/. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where the knowledge documents live. */
export const docsDirectory = (): string => join(repoRoot(), 'knowledge', 'docs');
/** The synonyms data file. */
export const synonymsFile = (): string => join(repoRoot(), 'knowledge', 'retrieval', 'synonyms.yaml');
