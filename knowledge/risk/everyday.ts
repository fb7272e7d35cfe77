import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isUntouched, type LabelledRiskMessage } from './dataset';

/**
 * Everyday messages the bot receives all day and the risk writers rarely wrote: what people type back to
 * the bot's own questions ("4명", "지금 풀기", "해당 없음", "1"). They are trained as ordinary chat so the
 * classifier does not read a short answer as distress. Sources, all committed labelled data:
 * - the bot's own button labels (knowledge/texts/ko, short values, not the crisis or support texts), and
 *   the answer choices of the quiz bank, which students type as they are;
 * - the typed answers written blind for the parser library, except the held-out third and the answers to
 *   the direct question about dying (those can be disclosures);
 * - parents' and students' programme questions written for the answers issue, except their held-out third.
 */
const MAX_LABEL = 20;
/** Anything that touches risk stays out: these are meant to be plainly everyday. */
const RISKY =
  /죽|자살|자해|살기|사라지|힘들|때리|때려|맞아|괴롭|폭력|학대|위험|상담|우울|109|1388|die|kill|suicid|harm|chết|tự|死|杀/i;
const SKIPPED_TEXTS = new Set(['crisis.yaml', 'crisis-minimal.yaml', 'support.yaml']);

function labelsOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value.length <= MAX_LABEL && !value.includes('{')) out.push(value);
  } else if (value && typeof value === 'object') {
    for (const child of Object.values(value)) labelsOf(child, out);
  }
}

function jsonLines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const asMessage = (text: string, source: string): LabelledRiskMessage | null =>
  RISKY.test(text)
    ? null
    : ({
        text,
        category: 'neg_ordinary',
        lang: 'ko',
        source,
        untouched: false,
      } as LabelledRiskMessage);

/** Where the everyday messages of the last training run are kept (the model was trained on exactly these). */
export const everydaySnapshotPath = (root: string): string =>
  join(root, 'knowledge', 'risk', 'data', 'everyday.jsonl');

/**
 * The everyday messages the shipped model was trained on: a committed snapshot, because the texts,
 * quiz items and typed answers they come from change every week and the weights must stay
 * reproducible byte for byte. `npm run train:risk` refreshes the snapshot before it trains.
 */
export function everydayMessages(root: string): LabelledRiskMessage[] {
  return jsonLines(everydaySnapshotPath(root)).map(
    (line) =>
      ({
        text: String(line.text),
        category: 'neg_ordinary',
        lang: 'ko',
        source: String(line.source),
        untouched: false,
      }) as LabelledRiskMessage,
  );
}

/** Writes the snapshot from the current texts, quiz items and typed answers (before a training run). */
export function refreshEverydaySnapshot(root: string): number {
  const messages = collectEverydayMessages(root);
  writeFileSync(
    everydaySnapshotPath(root),
    messages.map((m) => JSON.stringify({ text: m.text, source: m.source })).join('\n') + '\n',
  );
  return messages.length;
}

/** The everyday messages as they are now, in a fixed order. */
export function collectEverydayMessages(root: string): LabelledRiskMessage[] {
  const found: Array<LabelledRiskMessage | null> = [];
  const out = { push: (m: LabelledRiskMessage | null) => found.push(m) };
  const texts = join(root, 'knowledge', 'texts', 'ko');
  for (const file of readdirSync(texts).sort()) {
    if (!file.endsWith('.yaml') || SKIPPED_TEXTS.has(file)) continue;
    const labels: string[] = [];
    labelsOf(parse(readFileSync(join(texts, file), 'utf8')), labels);
    for (const label of labels) out.push(asMessage(label, `texts/${file}`));
  }
  // A student types the answer of a quiz question as often as its number ("금 모으기 운동").
  const bank = join(root, 'knowledge', 'quiz', 'bank');
  for (const file of readdirSync(bank).sort()) {
    if (!file.endsWith('.yaml')) continue;
    const items = parse(readFileSync(join(bank, file), 'utf8')) as Array<{ choices?: string[] }>;
    for (const item of items)
      for (const choice of item.choices ?? []) out.push(asMessage(choice, `quiz/${file}`));
  }
  const typed = join(root, 'knowledge', 'typed-answers');
  for (const file of readdirSync(typed).sort()) {
    if (!file.endsWith('.jsonl')) continue;
    for (const line of jsonLines(join(typed, file))) {
      const text = String(line.text ?? '');
      const question = String(line.question ?? '');
      if (!text || isUntouched(text) || /죽|해치/.test(question)) continue;
      out.push(asMessage(text, `typed-answers/${file}`));
    }
  }
  const answers = join(root, 'knowledge', 'answers-data');
  for (const file of ['routing.jsonl', 'extraction.jsonl', 'retrieval.jsonl']) {
    for (const line of jsonLines(join(answers, file))) {
      const text = String(line.text ?? line.q ?? '');
      if (!text || isUntouched(text)) continue;
      out.push(asMessage(text, `answers-data/${file}`));
    }
  }
  return found.filter((m): m is LabelledRiskMessage => m !== null);
}
