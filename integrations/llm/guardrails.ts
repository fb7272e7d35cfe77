import type { Contacts } from '../../bot/contacts';
import type { Language } from '../../bot/people';
import type { LlmOutcome, LlmPassage } from '../../knowledge/retrieval/llm-contract';
import { features, normalize } from '../../knowledge/retrieval/korean-text';
import { shorten } from '../../knowledge/retrieval/passage';
import { PROMPT_CANARY, UNKNOWN_REPLY } from './prompt';

/**
 * Checks on what the model wrote, before anything reaches a user (OWASP LLM01 prompt injection,
 * LLM02 insecure output handling, LLM07 system prompt leakage, LLM09 misinformation). The model is
 * treated as untrusted: an answer that leaks the prompt, plays another role, cites nothing or is
 * not supported by the passages is discarded, and the caller answers offline instead.
 */

/** Phrases a hijacked model produces; none belongs in an answer about Seoul Run. */
const ROLE_CHANGE = [
  /system\s*prompt/i,
  /시스템\s*(프롬프트|메시지|지시)/,
  /(my|these|the)\s+(instructions|rules)\s+(are|say|were)/i,
  /(제|저의|나의|내가 받은)\s*(지시|지침)/,
  /developer\s*mode|개발자\s*모드/i,
  /\bDAN\b|jailbr(ea|o)k|탈옥/i,
  /(ignore|disregard)\s+(all|any|the|previous|prior)/i,
  /(이전|위의?|앞의?)\s*(지시|명령|규칙)/,
  /\bI\s*(am|'m)\s+now\b|from now on,?\s+I/i,
  /이제부터\s*(저는|나는|전|난)/,
  /as an?\s+(unrestricted|uncensored|unfiltered)/i,
  /<\/?\s*(passages|question)-/i,
  /internal marker/i,
];

const PHONE_PATTERN =
  /(?:\+?82[-.\s]?)?\(?0\d{1,2}\)?[-.\s]?\d{3,4}[-.\s]?\d{4}\b|\b1[5-9]\d{2}[-.\s]?\d{4}\b/g;

/**
 * Any hostname, with or without a scheme, a port or a path: labels of letters, digits and
 * hyphens joined by dots, the last one starting with a letter. Run on the answer as the reader
 * would see it (see `readable`), so `slearn-seoul。com` or `ＡＰＰＬＹ．ｓｈｏｐ` are hostnames too.
 */
const HOST_PATTERN = /(?:https?:\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d{1,5})?(?:\/[^\s)\]>"']*)?/g;
/** Characters a reader (and a browser) takes for a dot. */
const DOTS = new Set(['.', '\u3002', '\uFF0E', '\uFF61', '\uFE52', '\u2024']);

/**
 * The answer as it reads: each character NFKC-normalised on its own (so positions stay the same),
 * every kind of full stop a dot, lower case. Used only to find hostnames and numbers.
 */
function readable(text: string): string {
  let out = '';
  for (const ch of text) {
    if (DOTS.has(ch)) {
      out += '.'.padEnd(ch.length, '.');
      continue;
    }
    const n = ch.normalize('NFKC').toLowerCase();
    out += n.length === ch.length ? n : ch;
  }
  return out;
}

const isHostname = (host: string): boolean => {
  const last = host.slice(host.lastIndexOf('.') + 1);
  return /^[a-z][a-z0-9-]+$/.test(last) && !/^\d+(\.\d+)*$/.test(host);
};

/** Hostnames in a text (lower case, without a leading www.). */
export function hostsIn(text: string): string[] {
  const hosts: string[] = [];
  for (const m of readable(text).matchAll(HOST_PATTERN)) {
    const host = (m[1] as string).replace(/^www\./, '');
    if (isHostname(host)) hosts.push(host);
  }
  return hosts;
}

const digits = (s: string): string => s.replace(/\D/g, '').replace(/^82/, '0');

/** Hosts and phone numbers an answer may contain: the official sites and numbers, the documents' sources. */
export interface AllowedReferences {
  hosts: Set<string>;
  phones: Set<string>;
}

/**
 * The allow-list: the sites and numbers of the contacts file, and the hosts of the documents the
 * passages come from (their link and source). Nothing the user typed, nothing the model invented.
 */
export function allowedReferences(passages: LlmPassage[], contacts?: Contacts): AllowedReferences {
  const hosts = new Set<string>();
  const phones = new Set<string>();
  for (const p of passages) {
    for (const host of hostsIn(`${p.link} ${p.source}`)) hosts.add(host);
    for (const phone of p.text.match(PHONE_PATTERN) ?? []) phones.add(digits(phone));
  }
  for (const c of contacts?.all() ?? []) {
    if (c.phone) phones.add(digits(c.phone));
    if (c.web) for (const host of hostsIn(c.web)) hosts.add(host);
  }
  return { hosts, phones };
}

/** A host on the allow-list, or a subdomain of one. */
const isAllowedHost = (host: string, allowed: AllowedReferences): boolean =>
  [...allowed.hosts].some((known) => host === known || host.endsWith(`.${known}`));

/** Removes every link or hostname not on the allow-list, and every phone number not in the sources. */
export function removeUnknownReferences(
  text: string,
  allowed: AllowedReferences,
): { text: string; removed: number } {
  let removed = 0;
  const view = readable(text);
  let kept = '';
  let at = 0;
  for (const m of view.matchAll(HOST_PATTERN)) {
    const host = (m[1] as string).replace(/^www\./, '');
    if (!isHostname(host) || isAllowedHost(host, allowed)) continue;
    kept += text.slice(at, m.index);
    at = (m.index as number) + m[0].length;
    removed += 1;
  }
  kept += text.slice(at);
  const cleaned = kept.replace(PHONE_PATTERN, (phone) => {
    if (allowed.phones.has(digits(phone))) return phone;
    removed += 1;
    return '';
  });
  const tidy = cleaned
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([.,!?])/g, '$1')
    .trim();
  return { text: tidy, removed };
}

/** True when the answer repeats the system prompt (the canary, or any 24-character stretch of it). */
export function leaksPrompt(answer: string, prompt: string): boolean {
  if (answer.includes(PROMPT_CANARY)) return true;
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  const a = squash(answer);
  const p = squash(prompt);
  const size = 24;
  for (let i = 0; i + size <= p.length; i += 4) if (a.includes(p.slice(i, i + size))) return true;
  return false;
}

/** True when the answer reads like a hijacked model rather than a Seoul Run answer. */
export const soundsHijacked = (answer: string): boolean =>
  ROLE_CHANGE.some((pattern) => pattern.test(answer));

/** Share of the answer's content grams found in the passages. */
export function groundedShare(answer: string, support: string): number {
  const a = features(normalize(answer));
  const s = features(normalize(support));
  const supportGrams = new Set([...s.syllable, ...s.word]);
  const grams = [...new Set([...a.syllable, ...a.word])];
  if (grams.length === 0) return 0;
  return grams.filter((g) => supportGrams.has(g)).length / grams.length;
}

export interface CheckInput {
  raw: string;
  prompt: string;
  question: string;
  passages: LlmPassage[];
  allowed: AllowedReferences;
  language: Language;
  maxChars: number;
  /** Minimum grounded share when the answer and the passages share a language. */
  minGrounded?: number;
}

const CITATION = /\[(\d{1,2})\]/g;

/** The one gate between model output and a user. */
export function checkAnswer(input: CheckInput): LlmOutcome {
  const raw = input.raw.trim();
  if (raw === '') return { kind: 'failed', reason: 'empty' };
  if (leaksPrompt(raw, input.prompt) || soundsHijacked(raw)) return { kind: 'failed', reason: 'unsafe' };
  const withoutCitations = raw.replace(CITATION, '').trim();
  const unknownMarker = UNKNOWN_REPLY[input.language].toLowerCase();
  if (
    withoutCitations.toLowerCase().startsWith(unknownMarker) ||
    withoutCitations.toLowerCase().startsWith(UNKNOWN_REPLY.ko)
  ) {
    return { kind: 'unknown' };
  }
  const cited = [...raw.matchAll(CITATION)]
    .map((m) => Number(m[1]))
    .filter((n) => n >= 1 && n <= input.passages.length)
    .map((n) => input.passages[n - 1]!.id);
  const citedIds = [...new Set(cited)];
  if (citedIds.length === 0) return { kind: 'failed', reason: 'ungrounded' };
  // What would be shown: unknown links and numbers removed; only that is checked for grounding.
  const { text } = removeUnknownReferences(withoutCitations.replace(/\s{2,}/g, ' '), input.allowed);
  const sameLanguage = input.passages.filter((p) => citedIds.includes(p.id) && p.language === input.language);
  if (sameLanguage.length > 0) {
    // Only the retrieved passages ground an answer: words the user typed prove nothing.
    const support = sameLanguage.map((p) => `${p.title} ${p.text}`).join(' ');
    if (groundedShare(text, support) < (input.minGrounded ?? 0.45))
      return { kind: 'failed', reason: 'ungrounded' };
  }
  if (text.replace(/[\s.,!?·-]/g, '').length < 4) return { kind: 'failed', reason: 'empty' };
  return { kind: 'answer', text: shorten(text, input.maxChars), citedIds };
}
