import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Contacts } from '../../bot/contacts';
import type { Language } from '../../bot/people';

const frontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  title: z.string().min(1),
  lang: z.enum(['ko', 'en']),
  source: z.coerce.string().min(1),
  /**
   * What users see as the source: public sites or outlets only ("뉴스1 · 더팩트"), shown with asOf.
   * Absent on the bot's own pages and where no public source exists; `source` keeps the full trail.
   */
  publicSource: z.string().min(1).optional(),
  asOf: z.coerce.string().min(4),
  verification: z.coerce.string().min(1),
  reviewBy: z.coerce.string().min(4),
  keywords: z.array(z.coerce.string()).default([]),
  /** Questions as people ask them, written by the authors (never copied from a labelled set). */
  questions: z.array(z.string().min(1)).default([]),
  link: z.url(),
});

/** The English companion file may restate only what differs (title, keywords). */
const englishFrontMatterSchema = frontMatterSchema.partial();

export type DocFrontMatter = z.infer<typeof frontMatterSchema>;

/** One language version of a document, contacts already expanded, markdown flattened. */
export interface DocVersion {
  title: string;
  body: string;
  keywords: string[];
  /** Questions people ask that this version answers, in their words (retrieval only, never shown). */
  questions?: string[];
  /** The public source shown to users in this language (none on the bot's own pages). */
  publicSource?: string;
}

/** A knowledge document: facts with their source, date and verification state. */
export interface KnowledgeDoc {
  id: string;
  source: string;
  asOf: string;
  verification: string;
  reviewBy: string;
  link: string;
  ko: DocVersion;
  en?: DocVersion;
}

/** A document that failed validation; names the doc so the author can find it. */
export class KnowledgeDocError extends Error {
  constructor(readonly problems: { file: string; id?: string; message: string }[]) {
    super(
      `Knowledge documents refused:\n${problems.map((p) => `  - ${p.id ?? '?'} (${p.file}): ${p.message}`).join('\n')}`,
    );
    this.name = 'KnowledgeDocError';
  }
}

/** Splits `---\n yaml \n---\n body`. */
export function splitFrontMatter(source: string): { data: unknown; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new Error('missing YAML front matter (--- … ---)');
  return { data: parse(match[1] ?? ''), body: match[2] ?? '' };
}

/** Replaces `{{contact:id}}` with the contacts file's description; an unknown id is an error. */
export function expandContacts(body: string, contacts: Contacts, language: Language): string {
  return body.replace(/\{\{\s*contact:([\w-]+)\s*\}\}/g, (_m, id: string) => contacts.describe(id, language));
}

/** Markdown to the plain text a chat bubble shows: no #, **, link syntax or tables. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\r\n/g, '\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/^\s*[-*+]\s+/gm, '· ')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\|?\s*:?-{3}.*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function readVersion(path: string, contacts: Contacts, language: Language) {
  const { data, body } = splitFrontMatter(readFileSync(path, 'utf8'));
  const text = plainText(expandContacts(body, contacts, language));
  if (text.length < 20) throw new Error('body is empty or too short');
  return { data, text };
}

/**
 * Loads every `<id>.md` (Korean) with its optional `<id>.en.md` from a folder. Every broken
 * document is reported by id and file in one KnowledgeDocError; nothing half-valid is served.
 */
export function loadDocs(directory: string, contacts: Contacts): KnowledgeDoc[] {
  const all = new Set(readdirSync(directory));
  const files = [...all].filter(
    (f) => f.endsWith('.md') && !f.endsWith('.en.md') && !/^readme\.md$/i.test(f),
  );
  const problems: { file: string; id?: string; message: string }[] = [];
  const docs: KnowledgeDoc[] = [];
  const seen = new Set<string>();
  for (const file of files.sort()) {
    const fileId = file.replace(/\.md$/, '');
    try {
      const ko = readVersion(join(directory, file), contacts, 'ko');
      const parsed = frontMatterSchema.safeParse(ko.data);
      if (!parsed.success)
        throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const meta = parsed.data;
      if (meta.id !== fileId) throw new Error(`front matter id "${meta.id}" differs from the file name`);
      if (seen.has(meta.id)) throw new Error('duplicate id');
      seen.add(meta.id);
      const doc: KnowledgeDoc = {
        id: meta.id,
        source: meta.source,
        asOf: meta.asOf,
        verification: meta.verification,
        reviewBy: meta.reviewBy,
        link: meta.link,
        ko: {
          title: meta.title,
          body: ko.text,
          keywords: meta.keywords,
          questions: meta.questions,
          publicSource: meta.publicSource,
        },
      };
      const enFile = `${fileId}.en.md`;
      if (all.has(enFile)) {
        const en = readVersion(join(directory, enFile), contacts, 'en');
        const enMeta = englishFrontMatterSchema.safeParse(en.data ?? {});
        if (!enMeta.success)
          throw new Error(
            `${enFile}: ${enMeta.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        if (enMeta.data.id !== undefined && enMeta.data.id !== meta.id)
          throw new Error(`${enFile}: id differs`);
        doc.en = {
          title: enMeta.data.title ?? meta.title,
          body: en.text,
          keywords: enMeta.data.keywords ?? [],
          questions: enMeta.data.questions ?? [],
          publicSource: enMeta.data.publicSource ?? meta.publicSource,
        };
      }
      docs.push(doc);
    } catch (error) {
      problems.push({ file, id: fileId, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (problems.length > 0) throw new KnowledgeDocError(problems);
  return docs;
}
