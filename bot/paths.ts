import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root (the folder holding package.json), whether running from source or dist/. */
export function projectRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Absolute path of a file under the project root, e.g. `fromRoot('knowledge', 'contacts.yaml')`. */
export const fromRoot = (...parts: string[]): string => join(projectRoot(), ...parts);
