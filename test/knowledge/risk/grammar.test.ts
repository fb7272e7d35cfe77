import { join } from 'node:path';
import { loadLabelledFolder } from '../../../knowledge/risk/dataset';
import { loadRegressionMessages } from '../../../knowledge/risk/evaluate';
import { compileGrammar, GrammarError, loadGrammar, type GrammarFile } from '../../../knowledge/risk/grammar';
import { normaliseRisk } from '../../../knowledge/risk/normalise';
import { decideByRules } from '../../../knowledge/risk/screen';

const root = join(__dirname, '..', '..', '..');

const rule = (
  id: string,
  category: string,
  seq: string[],
  extra: Partial<GrammarFile['rules'][number]> = {},
) => ({
  id,
  category,
  seq,
  gap: 4,
  weak: false,
  negatable: false,
  why: 'a test rule for this suite',
  ...extra,
});
const grammarOf = (rules: ReturnType<typeof rule>[], slots: Record<string, string[]> = {}) =>
  compileGrammar({ slots, rules } as GrammarFile);
const decide = (g: ReturnType<typeof grammarOf>, text: string, speaker: 'student' | 'parent' = 'student') => {
  const normal = normaliseRisk(text);
  return decideByRules(normal.folded, g.match(normal, { steps: 0 }), speaker);
};

describe('slot grammar', () => {
  const g = grammarOf(
    [
      rule('t.want', 'direct', ['@die', '고싶|고 싶|고파'], { gap: 1, negatable: true }),
      rule('t.bare', 'concern', ['죽겠'], { weak: true }),
      rule('t.strong-bare', 'plan_means', ['번개탄']),
      rule('t.idiom', 'idiom', ['배고파|웃겨', '죽겠'], { gap: 1 }),
      rule('t.context', 'context', ['게임']),
      rule('t.weak-ask', 'hopelessness', ['망했'], { weak: true }),
      rule('t.neg', 'negation', ['지않|진않|진 않|지 않']),
      rule('t.other', 'other', ['친구가']),
      rule('t.reported', 'reported', ['싶대']),
      rule('t.relay', 'relay', ['우리 애']),
      rule('t.home', 'harm_home', ['아빠가', '때려|때렸'], { gap: 12 }),
    ],
    { die: ['죽', '뒤지'] },
  );

  it('matches a sequence of parts within the gap, across spellings', () => {
    expect(decide(g, '진짜 죽고 싶다').level).toBe('high');
    expect(decide(g, '뒤지고파').level).toBe('high');
    expect(decide(g, '주꼬 시퍼').level).toBe('high'); // folded jamo: 시퍼 reads as 싶어
    expect(decide(g, '아빠가 어제 또 때렸어').harm).toBe('home');
    expect(decide(g, '아빠가 오늘 저녁에 집에 와서 밥 먹고 나서 때렸어').level).toBe('none'); // beyond the gap
  });

  it('lets an idiom or a context silence weak rules only', () => {
    expect(decide(g, '죽겠다').level).toBe('concern');
    expect(decide(g, '배고파 죽겠다').level).toBe('none');
    expect(decide(g, '게임 망했다').level).toBe('none');
    expect(decide(g, '게임 하다가 번개탄 얘기 나옴').level).toBe('high'); // strong: never silenced
    expect(decide(g, '배고파 죽겠다 아니 그냥 죽고 싶어').level).toBe('high');
  });

  it('lowers a negatable rule to concern when a negation follows it', () => {
    expect(decide(g, '죽고 싶진 않아').level).toBe('concern');
    expect(decide(g, '죽고 싶어').level).toBe('high');
  });

  it('reads a friend with reported speech as someone else in danger, a parent as relaying', () => {
    const friend = decide(g, '친구가 죽고 싶대');
    expect(friend.level).toBe('harm_by_others');
    expect(friend.harm).toBe('friend');
    expect(decide(g, '친구가 없어서 죽고 싶어').level).toBe('high');
    const parent = decide(g, '우리 애가 죽고 싶대요');
    expect(parent.level).toBe('high');
    expect(parent.relayed).toBe(true);
    expect(decide(g, '아이가 죽고 싶다고 해요', 'parent').relayed).toBe(true);
  });

  it('refuses a broken grammar with the rule and the reason', () => {
    expect(() => grammarOf([rule('a', 'direct', ['@nope'])])).toThrow(GrammarError);
    expect(() => grammarOf([rule('a', 'direct', ['죽']), rule('a', 'direct', ['살'])])).toThrow(/duplicate/);
    expect(() => grammarOf([rule('a', 'direct', ['!!!'])])).toThrow(/empty/);
  });
});

describe('the shipped grammar', () => {
  const grammar = loadGrammar(join(root, 'knowledge', 'risk', 'grammar.yaml'));

  it('loads, every rule saying why', () => {
    expect(grammar.rules.length).toBeGreaterThan(50);
    for (const r of grammar.rules) expect(r.why.length).toBeGreaterThanOrEqual(8);
  });

  it('has no word that is a whole test message (rules are stems, not test sentences)', () => {
    const data = join(root, 'knowledge', 'risk', 'data');
    const texts = [
      ...loadLabelledFolder(join(data, 'test'), true).map((m) => m.text),
      ...loadRegressionMessages(join(root, 'knowledge', 'risk', 'labelled-messages.yaml')).map((m) => m.text),
    ];
    // Small-talk words (고마워요, hello) are whole messages by nature: they only ever say "nothing to screen".
    const words = new Set(
      grammar.words.filter((w) => grammar.categoriesOf(w).some((c) => c !== 'smalltalk')),
    );
    const copies = texts.filter(
      (t) => normaliseRisk(t).compact.length >= 5 && words.has(normaliseRisk(t).folded),
    );
    expect(copies).toEqual([]);
  });
});
