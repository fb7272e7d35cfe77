import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { normalize } from './korean-text';
import { synonymsFile } from './paths';

const fileSchema = z.object({
  groups: z.array(z.object({ canonical: z.string().min(1), variants: z.array(z.string().min(1)).min(1) })),
});

/** Adds canonical terms next to their variants; the original words stay. */
export type SynonymExpander = (normalized: string) => string;

interface Rule {
  canonical: string;
  pattern: RegExp;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds the expander from synonym groups. */
export function createSynonymExpander(groups: { canonical: string; variants: string[] }[]): SynonymExpander {
  const rules: Rule[] = groups.map(({ canonical, variants }) => {
    const alternatives = variants.map((variant) => {
      const v = normalize(variant);
      // Latin variants must be whole words ("pw" must not fire inside "pwd…"); Korean variants
      // match inside words and across missing spaces ("서울런" typed as "서울 런" or "서울런이").
      if (/^[a-z0-9 ]+$/.test(v)) return `(?<![a-z0-9])${escape(v).replace(/ /g, '\\s*')}(?![a-z0-9])`;
      return escape(v).replace(/ /g, '\\s*');
    });
    return { canonical: normalize(canonical), pattern: new RegExp(alternatives.join('|')) };
  });
  return (normalized) => {
    const extra = rules.filter((r) => r.pattern.test(normalized)).map((r) => r.canonical);
    return extra.length > 0 ? `${normalized} ${extra.join(' ')}` : normalized;
  };
}

/** Reads knowledge/retrieval/synonyms.yaml (or another file, for tests). */
export function loadSynonyms(path = synonymsFile()): SynonymExpander {
  return createSynonymExpander(fileSchema.parse(parse(readFileSync(path, 'utf8'))).groups);
}
