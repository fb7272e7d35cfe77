/**
 * `npm run eval:risk`: how the risk screen does on the labelled messages. Per category of the blind
 * test set (visible two-thirds, then the untouched third on its own), the training set for comparison,
 * the confusion table, the earlier round's 299 messages, and the time per call.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadContacts } from '../bot/contacts';
import { needsCrisisReply } from '../bot/risk';
import { loadTexts } from '../bot/texts-loader';
import { loadLabelledFolder } from './risk/dataset';
import {
  formatConfusion,
  formatFigures,
  loadRegressionMessages,
  regressionHolds,
  replyTextOf,
  screenAll,
} from './risk/evaluate';
import { loadRiskScreen } from './risk/screen';

// dist/knowledge/eval-risk.js sits two folders below the repository; fall back to the working directory.
const built = join(__dirname, '..', '..');
const root = existsSync(join(built, 'knowledge', 'risk', 'grammar.yaml')) ? built : process.cwd();
const screen = loadRiskScreen(root);
const texts = loadTexts(join(root, 'knowledge', 'texts'));
const contacts = loadContacts(join(root, 'knowledge', 'contacts.yaml'));
const replyText = replyTextOf(contacts, texts);

const data = join(root, 'knowledge', 'risk', 'data');
const test = loadLabelledFolder(join(data, 'test'), true);
const visible = screenAll(
  screen,
  replyText,
  test.filter((m) => !m.untouched),
);
const untouched = screenAll(
  screen,
  replyText,
  test.filter((m) => m.untouched),
);
const train = screenAll(screen, replyText, loadLabelledFolder(join(data, 'train'), false));

const show = process.argv.includes('--misses');
console.log(formatFigures('BLIND TEST, visible two-thirds', visible));
console.log(formatConfusion(visible));
console.log('');
console.log(formatFigures('BLIND TEST, untouched third (never read while tuning)', untouched));
console.log('');
console.log(formatFigures('training set (for comparison; the model has seen it)', train));
console.log('');

const regression = loadRegressionMessages(join(root, 'knowledge', 'risk', 'labelled-messages.yaml'));
const wrong = regression.filter((m) => !regressionHolds(m, screen(m.text, m.speaker).level));
const moved = regression.filter((m) => m.level === 'high' && screen(m.text, m.speaker).level === 'ask');
console.log(
  `earlier round's ${regression.length} messages: ${regression.length - wrong.length} still right, ${moved.length} high → ask`,
);
for (const m of wrong) console.log(`  ${m.id} expected ${m.level}, got ${screen(m.text, m.speaker).level}`);

if (show) {
  console.log('\nmisses on the visible test set:');
  for (const o of visible) {
    const c = o.message.category;
    const lvl = o.assessment.level;
    const neg = c.startsWith('neg_');
    const miss = neg
      ? needsCrisisReply(lvl) || lvl === 'ask'
      : lvl === 'none' || (!c.startsWith('harm_') && c !== 'concern' && lvl !== 'high' && lvl !== 'ask');
    if (miss)
      console.log(`  [${c}] ${lvl} ${JSON.stringify(o.message.text)} ${o.assessment.signals.join(',')}`);
  }
}

// Timing: warm up, then time each call separately for p50/p99.
const sample = test.slice(0, 2000).map((m) => m.text);
for (const t of sample) screen(t, 'unknown');
const times: number[] = [];
for (let round = 0; round < 5; round += 1) {
  for (const t of sample) {
    const start = process.hrtime.bigint();
    screen(t, 'unknown');
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
}
times.sort((a, b) => a - b);
const at = (q: number): string =>
  (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
console.log(
  `\ntime per call over ${times.length} calls: p50 ${at(0.5)} µs, p99 ${at(0.99)} µs, max ${at(1)} µs`,
);
