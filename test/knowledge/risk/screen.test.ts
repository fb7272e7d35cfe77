import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import {
  compilePatternSource,
  createRiskScreen,
  loadRiskLexicon,
  normaliseForRisk,
  RiskLexiconError,
  surfaceForm,
} from '../../../knowledge/risk/screen';
import { evaluate, formatEvaluation, loadLabelledMessages } from '../../../knowledge/risk/evaluate';

const root = join(__dirname, '..', '..', '..');
const lexiconPath = join(root, 'knowledge', 'risk', 'lexicon.yaml');
const lexicon = loadRiskLexicon(lexiconPath);
const screen = createRiskScreen(lexicon);
const messages = loadLabelledMessages(join(root, 'knowledge', 'risk', 'labelled-messages.yaml'));
const tune = messages.filter((m) => m.split === 'tune');
const heldout = messages.filter((m) => m.split === 'heldout');

describe('labelled set', () => {
  it('has enough hand-written messages, every third heldout', () => {
    expect(messages.length).toBeGreaterThanOrEqual(260);
    messages.forEach((m, i) => expect(m.split).toBe(i % 3 === 2 ? 'heldout' : 'tune'));
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
  });
});

describe('risk screen on the labelled set', () => {
  const tuned = evaluate(screen, tune);
  const held = evaluate(screen, heldout);
  const idioms = messages.filter((m) => m.level === 'none' && /idiom|game|fiction/.test(m.note ?? ''));
  const idiomFalseHigh = idioms.filter((m) => screen(m.text, m.speaker).level === 'high');

  beforeAll(() => {
    console.log(
      [
        formatEvaluation('tune', tuned),
        formatEvaluation('heldout', held),
        `idiom messages: ${idioms.length}, screened high: ${idiomFalseHigh.length}`,
      ].join('\n\n'),
    );
  });

  it('finds every high message of the tune split (recall 100 %)', () => {
    const missed = tuned.misses
      .filter((m) => m.message.level === 'high')
      .map((m) => `${m.message.id} → ${m.got}`);
    expect(missed).toEqual([]);
  });

  it('finds at least 90 % of high messages of the heldout split', () => {
    expect(held.levels.find((l) => l.level === 'high')?.recall ?? 0).toBeGreaterThanOrEqual(0.9);
  });

  it('never screens an idiom as high on the tune split', () => {
    expect(idiomFalseHigh.filter((m) => m.split === 'tune').map((m) => m.id)).toEqual([]);
  });
});

describe('lexicon hygiene', () => {
  const normalisedTexts = messages.map((m) => normaliseForRisk(m.text));
  const patterns = [
    ...lexicon.entries,
    ...lexicon.exemptions,
    ...lexicon.negation,
    ...lexicon.past,
    ...lexicon.others.subjects,
    ...lexicon.others.reported,
  ];

  it('no literal piece of a pattern equals a whole labelled message', () => {
    const copies: string[] = [];
    for (const p of patterns) {
      const pieces = p.pattern
        .split(/[^\p{Script=Hangul}a-zA-Z0-9]+/u)
        .filter(Boolean)
        .map(normaliseForRisk);
      normalisedTexts.forEach((t, i) => {
        // One-character replies (네, 응) are shorter than any stem; 내 and 네 fold to the same jamo.
        if (surfaceForm(messages[i]?.text ?? '').length >= 2 && pieces.includes(t)) {
          copies.push(`${p.id} = ${messages[i]?.id}`);
        }
      });
    }
    expect(copies).toEqual([]);
  });

  it('no pattern matches a labelled message of four characters or more from end to end', () => {
    const whole: string[] = [];
    for (const p of patterns) {
      const anchored = new RegExp(`^(?:${compilePatternSource(p.pattern.replace(/^\^/, ''))})$`);
      messages.forEach((m, i) => {
        if (surfaceForm(m.text).length >= 4 && anchored.test(normalisedTexts[i] ?? '')) {
          whole.push(`${p.id} ~ ${m.id}`);
        }
      });
    }
    expect(whole).toEqual([]);
  });

  it('every entry says why', () => {
    for (const p of patterns) expect(p.why.length).toBeGreaterThan(7);
  });
});

describe('risk screen rules', () => {
  const level = (text: string, speaker: 'student' | 'parent' | 'mentor' = 'student'): string =>
    screen(text, speaker).level;

  it('sees through spacing, spelling and 초성', () => {
    for (const t of ['죽고싶다', '죽 고 싶 어', '주꼬싶다', 'ㅈㅅ하고 싶다', '자 살']) {
      expect(level(t)).toBe('high');
    }
  });

  it('lowers negated or past ideation to concern but never a plan or a goodbye', () => {
    expect(level('죽고 싶진 않아')).toBe('concern');
    expect(level('예전엔 죽고 싶었는데 지금은 괜찮아')).toBe('concern');
    expect(level('죽고 싶진 않은데 유서는 써 놨어')).toBe('high');
    expect(level('예전엔 괜찮았는데 그동안 고마웠어 다들 잘 지내')).toBe('high');
  });

  it('does not let laughter lower a level', () => {
    expect(level('ㅋㅋㅋ 죽고싶다')).toBe('high');
    expect(level('ㅋㅋ 그냥 다 싫다')).toBe('concern');
  });

  it('leaves everyday idioms alone', () => {
    for (const t of ['배고파 죽겠다', '웃겨 죽겠네', '죽이는 노래', '게임에서 죽었어', '졸려 죽겠어']) {
      expect(level(t)).toBe('none');
    }
  });

  it('keeps a relayed child at high for parents and mentors, and a friend in danger as harm for students', () => {
    expect(level('우리 애가 죽고 싶대요', 'parent')).toBe('high');
    expect(level('멘티가 죽고 싶대요', 'mentor')).toBe('high');
    expect(level('친구가 죽고 싶대')).toBe('harm_by_others');
    expect(screen('친구가 죽고 싶대', 'student').signals).toContain('other.friend');
  });

  it('returns entry ids, never the words', () => {
    const result = screen('진짜 죽고싶다', 'student');
    expect(result.signals.every((s) => /^[a-z0-9.-]+$/.test(s))).toBe(true);
  });

  it('is fast: well under 0.2 ms per call', () => {
    for (const m of messages) screen(m.text, 'student');
    const rounds = 20;
    const start = performance.now();
    for (let r = 0; r < rounds; r += 1) for (const m of messages) screen(m.text, 'student');
    const perCallMs = (performance.now() - start) / (rounds * messages.length);
    console.log(`risk screen: ${(perCallMs * 1000).toFixed(1)} µs per call (mean)`);
    // Generous bound for slow CI machines; real figures come from knowledge/eval-risk.ts.
    expect(perCallMs).toBeLessThan(0.2);
  });
});

describe('loadRiskLexicon', () => {
  const broken = (mutate: (doc: Record<string, unknown[]>) => void): string => {
    const doc = parse(readFileSync(lexiconPath, 'utf8')) as Record<string, unknown[]>;
    mutate(doc);
    const path = join(mkdtempSync(join(tmpdir(), 'risk-')), 'lexicon.yaml');
    writeFileSync(path, stringify(doc));
    return path;
  };

  it('refuses a bad regex with the entry id', () => {
    const path = broken((doc) => ((doc.entries as Array<{ pattern: string }>)[0]!.pattern = '죽(고'));
    expect(() => loadRiskLexicon(path)).toThrow(RiskLexiconError);
    expect(() => loadRiskLexicon(path)).toThrow(/high\.want-to-die/);
  });

  it('refuses an entry without a reason, naming it', () => {
    const path = broken((doc) => ((doc.entries as Array<{ why: string }>)[1]!.why = ''));
    expect(() => loadRiskLexicon(path)).toThrow(/high\.die-will/);
  });

  it('refuses syllables inside a character class and duplicate ids', () => {
    expect(() =>
      loadRiskLexicon(
        broken((doc) => ((doc.entries as Array<{ pattern: string }>)[0]!.pattern = '죽[고구]싶')),
      ),
    ).toThrow(/\(가\|나\)/);
    expect(() =>
      loadRiskLexicon(broken((doc) => ((doc.entries as Array<{ id: string }>)[1]!.id = 'high.want-to-die'))),
    ).toThrow(/duplicate/);
  });
});
