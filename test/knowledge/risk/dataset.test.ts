import { join } from 'node:path';
import {
  ACUTE,
  DATA_CATEGORIES,
  isNegative,
  isUntouched,
  loadLabelledFolder,
  nearDuplicatesOfTest,
  type LabelledRiskMessage,
} from '../../../knowledge/risk/dataset';

const data = join(__dirname, '..', '..', '..', 'knowledge', 'risk', 'data');
const train = loadLabelledFolder(join(data, 'train'), false);
const test = loadLabelledFolder(join(data, 'test'), true);
const countOf = (set: LabelledRiskMessage[], f: (m: LabelledRiskMessage) => boolean) => set.filter(f).length;
const positives = DATA_CATEGORIES.filter((c) => !isNegative(c));

describe('labelled risk data', () => {
  it('has the training sizes the issue asks for', () => {
    expect(countOf(train, (m) => !isNegative(m.category))).toBeGreaterThanOrEqual(3000);
    expect(countOf(train, (m) => isNegative(m.category))).toBeGreaterThanOrEqual(6000);
    for (const c of positives)
      expect([c, countOf(train, (m) => m.category === c)]).toEqual([c, expect.any(Number)]);
    for (const c of positives) expect(countOf(train, (m) => m.category === c)).toBeGreaterThanOrEqual(200);
  });

  it('has a blind test set of at least 100 per category and 1,500 negatives, 30 + 30 per other language', () => {
    for (const c of positives)
      expect(countOf(test, (m) => m.category === c && m.lang === 'ko')).toBeGreaterThanOrEqual(100);
    expect(countOf(test, (m) => isNegative(m.category))).toBeGreaterThanOrEqual(1500);
    for (const lang of ['en', 'vi', 'zh'] as const) {
      expect(countOf(test, (m) => m.lang === lang && ACUTE.includes(m.category))).toBeGreaterThanOrEqual(30);
      expect(countOf(test, (m) => m.lang === lang && isNegative(m.category))).toBeGreaterThanOrEqual(30);
    }
  });

  it('keeps about a third of the test set untouched, fixed by the text alone', () => {
    const share = countOf(test, (m) => m.untouched) / test.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.38);
    for (const m of test.slice(0, 50)) expect(m.untouched).toBe(isUntouched(m.text));
  });

  it('finds near-duplicates of test messages among training messages', () => {
    const mk = (text: string): LabelledRiskMessage => ({
      text,
      category: 'direct',
      lang: 'ko',
      source: 't',
      untouched: false,
    });
    const dropped = nearDuplicatesOfTest(
      [mk('진짜 너무 죽고 싶어요 오늘'), mk('오늘 점심 뭐 먹지'), mk('진짜 너무 죽고싶어요 오늘!!')],
      [mk('진짜 너무 죽고 싶어요 오늘.')],
    );
    expect([...dropped].sort()).toEqual([0, 2]);
  });
});
