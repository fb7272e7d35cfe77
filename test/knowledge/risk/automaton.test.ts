import fc from 'fast-check';
import { buildAutomaton } from '../../../knowledge/risk/automaton';

describe('word automaton', () => {
  it('finds every occurrence of every word, overlaps included', () => {
    const a = buildAutomaton(['he', 'she', 'hers', 'his']);
    const hits = a.search('ushers', { steps: 0 }).map((h) => `${h.word}@${h.start}-${h.end}`);
    expect(hits.sort()).toEqual(['0@2-4', '1@1-4', '2@2-6'].sort());
  });

  it('agrees with a naive search on random words and texts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', 'ㅈ', 'ㅜ') }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.string({ maxLength: 40, unit: fc.constantFrom('a', 'b', 'ㅈ', 'ㅜ', 'c') }),
        (words, text) => {
          const found = buildAutomaton(words)
            .search(text, { steps: 0 })
            .map((h) => `${h.word}:${h.start}`)
            .sort();
          const naive: string[] = [];
          words.forEach((w, i) => {
            for (let s = text.indexOf(w); s >= 0; s = text.indexOf(w, s + 1)) naive.push(`${i}:${s}`);
          });
          expect(found).toEqual(naive.sort());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does work linear in the text whatever the repetition', () => {
    const a = buildAutomaton(['aaaa', 'aaab', 'ab', 'b']);
    const work = (n: number) => {
      const counter = { steps: 0 };
      a.search('a'.repeat(n), counter);
      return counter.steps;
    };
    // Every position yields at most one word ("aaaa"): the work per letter is bounded.
    expect(work(20_000) / 20_000).toBeLessThanOrEqual(3);
    expect(work(40_000)).toBeLessThanOrEqual(2 * work(20_000) + 10);
  });
});
