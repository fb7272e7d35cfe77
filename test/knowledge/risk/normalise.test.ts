import fc from 'fast-check';
import { foldJamo, normaliseRisk } from '../../../knowledge/risk/normalise';

const folded = (text: string): string => normaliseRisk(text).folded;

describe('risk normalisation', () => {
  it('reads spellings people use to hide or play with a word as the same word', () => {
    const same = (a: string, b: string) => expect(folded(a)).toBe(folded(b));
    same('죽 고 싶 어', '죽고싶어');
    same('주꼬싶어', '죽고싶어');
    same('쥭고싶어', '죽고싶어');
    same('죽1고2싶3어', '죽고싶어');
    same('자.살', '자살');
    same('자\u200b살', '자살');
    same('ㅈㅜㄱㄱㅗ ㅅㅣㅍㅇㅓ', '죽고싶어');
    same('살기 시러', '살기 싫어');
    same('죽고싶다ㅋㅋㅋㅋ', '죽고싶다');
    same('죽고싶어ㅠㅠㅠ', '죽고싶어');
    same('죽고싶다아아아아', '죽고싶다아아');
    same('ＦＵＬＬ　ｗｉｄｔｈ', 'full width');
    same('Tôi muốn chết', 'toi muon chet');
    same('我想殺了自己', '我想杀了自己');
  });

  it('keeps bare initials apart from the middle of a word (ㅈㅅ is not 낮술)', () => {
    expect(folded('ㅈㅅ')).not.toBe('');
    expect(folded('낮술')).not.toContain(folded('ㅈㅅ'));
  });

  it('remembers laughter and crying as cues', () => {
    expect(normaliseRisk('ㅋㅋㅋ 배고파').laughter).toBe(true);
    expect(normaliseRisk('힘들어ㅠㅠ').crying).toBe(true);
    expect(normaliseRisk('haha lol').laughter).toBe(true);
  });

  it('counts scripts for the language of the reply', () => {
    expect(normaliseRisk('안녕 hello').scripts.hangul).toBe(2);
    expect(normaliseRisk('我想死').scripts.han).toBe(3);
    expect(normaliseRisk('không muốn sống').scripts.vietnamese).toBeGreaterThan(0);
  });

  it('never grows a text beyond a small factor and never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        const n = normaliseRisk(text);
        expect(n.compact.length).toBeLessThanOrEqual(text.length * 2 + 2);
        expect(n.folded.length).toBeLessThanOrEqual(n.compact.length * 4 + 4);
      }),
      { numRuns: 300 },
    );
  });

  it('folds jamo of a compact string directly', () => {
    expect(foldJamo('죽어')).toBe(foldJamo('주거'));
  });
});
