import {
  evaluateExtractionSet,
  evaluateLanguages,
  evaluateRouting,
  type SetFigures,
} from '../../../knowledge/answers-data/evaluate-answers';
import { isHeldOut, readJsonl } from '../../../knowledge/answers-data/split';

/**
 * The blind answer sets (knowledge/answers-data) as regression guards. Floors are the figures reached
 * (tuned on the tuning part only, held-out measured) minus 2 points: a change that loses ground fails.
 * Held-out misses are never listed here, only counted.
 */
const FLOORS = {
  routing: { tuning: 1.0 - 0.02, heldout: 0.986 - 0.02 }, // reached 294/294, 136/138
  extraction: { tuning: 1.0 - 0.02, heldout: 0.946 - 0.02 }, // reached 236/236, 105/111
  languages: { tuning: 1.0 - 0.02, heldout: 0.987 - 0.02 }, // reached 170/170, 77/78
};

const share = (p: { right: number; total: number }): number => p.right / p.total;

function guard(figures: SetFigures, floor: { tuning: number; heldout: number }): void {
  expect({
    set: figures.name,
    tuningMisses: share(figures.tuning) >= floor.tuning ? [] : figures.tuningMisses,
  }).toEqual({
    set: figures.name,
    tuningMisses: [],
  });
  expect(share(figures.heldout)).toBeGreaterThanOrEqual(floor.heldout);
}

describe('the split rule (first byte of sha256(text) divisible by 3)', () => {
  it('is decided by the text alone and holds out about a third of every set', () => {
    expect(isHeldOut('서울런은 몇 살까지 돼요?')).toBe(isHeldOut('서울런은 몇 살까지 돼요?'));
    for (const name of ['routing.jsonl', 'extraction.jsonl', 'languages.jsonl']) {
      const rows = readJsonl<{ text: string }>(name);
      const held = rows.filter((r) => isHeldOut(r.text)).length / rows.length;
      expect(held).toBeGreaterThan(0.25);
      expect(held).toBeLessThan(0.42);
    }
  });
});

describe('blind answer sets', () => {
  it('routes fact questions, own-eligibility checks and the rest (routing.jsonl)', () => {
    guard(evaluateRouting(), FLOORS.routing);
  });

  it('reads every slot of eligibility messages right (extraction.jsonl)', () => {
    guard(evaluateExtractionSet(), FLOORS.extraction);
  });

  it('tells ko, en, vi and zh apart (languages.jsonl)', () => {
    guard(evaluateLanguages(), FLOORS.languages);
  });
});
