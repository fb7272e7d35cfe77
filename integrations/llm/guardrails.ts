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

const URL_PATTERN =
  /\bhttps?:\/\/[^\s)\]>"']+|\bwww\.[^\s)\]>"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:kr|com|net|org|io|co|me|ly|gg|app|dev)(?:\/[^\s)\]>"']*)?/gi;
const PHONE_PATTERN =
  /(?:\+?82[-.\s]?)?\(?0\d{1,2}\)?[-.\s]?\d{3,4}[-.\s]?\d{4}\b|\b1[5-9]\d{2}[-.\s]?\d{4}\b/g;

const digits = (s: string): string => s.replace(/\D/g, '').replace(/^82/, '0');
const hostAndPath = (u: string): string =>
  u
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[.,;:!?]+$/, '')
    .replace(/\/$/, '');

/** URLs and phone numbers an answer may contain: those in the passages and in the contacts file. */
export interface AllowedReferences {
  urls: Set<string>;
  phones: Set<string>;
}

/** Collects the references an answer may repeat. */
export function allowedReferences(passages: LlmPassage[], contacts?: Contacts): AllowedReferences {
  const urls = new Set<string>();
  const phones = new Set<string>();
  const addFrom = (text: string) => {
    for (const u of text.match(URL_PATTERN) ?? []) urls.add(hostAndPath(u));
    for (const p of text.match(PHONE_PATTERN) ?? []) phones.add(digits(p));
  };
  for (const p of passages) {
    addFrom(`${p.text} ${p.link} ${p.source}`);
    urls.add(hostAndPath(p.link));
  }
  for (const c of contacts?.all() ?? []) {
    if (c.phone) phones.add(digits(c.phone));
    if (c.web) urls.add(hostAndPath(c.web));
  }
  return { urls, phones };
}

const isAllowedUrl = (url: string, allowed: AllowedReferences): boolean => {
  const candidate = hostAndPath(url);
  // Allowed: exactly a known address, or a page under a known site (slearn.seoul.go.kr/…).
  return [...allowed.urls].some(
    (known) =>
      candidate === known ||
      candidate.startsWith(`${known.split('/')[0]}/`) ||
      candidate === known.split('/')[0],
  );
};

/** Removes every URL and phone number that is not in the sources or the contacts file. */
export function removeUnknownReferences(
  text: string,
  allowed: AllowedReferences,
): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text
    .replace(URL_PATTERN, (url) => {
      if (isAllowedUrl(url, allowed)) return url;
      removed += 1;
      return '';
    })
    .replace(PHONE_PATTERN, (phone) => {
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

/** Share of the answer's content grams found in the passages (and the question). */
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
  const sameLanguage = input.passages.filter((p) => citedIds.includes(p.id) && p.language === input.language);
  if (sameLanguage.length > 0) {
    const support = `${sameLanguage.map((p) => `${p.title} ${p.text}`).join(' ')} ${input.question}`;
    if (groundedShare(withoutCitations, support) < (input.minGrounded ?? 0.45))
      return { kind: 'failed', reason: 'ungrounded' };
  }
  const { text } = removeUnknownReferences(withoutCitations.replace(/\s{2,}/g, ' '), input.allowed);
  if (text.replace(/[\s.,!?·-]/g, '').length < 4) return { kind: 'failed', reason: 'empty' };
  return { kind: 'answer', text: shorten(text, input.maxChars), citedIds };
}
