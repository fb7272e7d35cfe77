import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { personLanguage } from '../../../knowledge/language/detect';
import { testTexts } from '../../helpers/fake-turn';

const root = join(__dirname, '..', '..', '..', 'knowledge', 'texts');

/** The flat `a.b.c` keys of one catalogue file. */
function keysOf(language: string, namespace: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'string') out.set(prefix, value);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
  };
  walk('', parse(readFileSync(join(root, language, `${namespace}.yaml`), 'utf8')));
  return out;
}

/** The placeholders a text uses (a language may name one twice, as the Korean mentor.linked does). */
const placeholders = (s: string): string[] =>
  [...new Set([...s.matchAll(/\{(\w+)/g)].map((m) => m[1] ?? ''))].sort();

describe('vi and zh texts for the eligibility check, the answers and the core lines (issue 15)', () => {
  it.each(['eligibility', 'knowledge', 'core', 'common', 'support', 'support-helpers'])(
    '%s: every vi/zh key exists in en with the same placeholders',
    (namespace) => {
      const en = keysOf('en', namespace);
      for (const language of ['vi', 'zh']) {
        const translated = keysOf(language, namespace);
        expect(translated.size).toBeGreaterThan(3);
        for (const [key, value] of translated) {
          expect({ language, key, inEnglish: en.has(key) }).toEqual({ language, key, inEnglish: true });
          expect({ language, key, params: placeholders(value) }).toEqual({
            language,
            key,
            params: placeholders(en.get(key) ?? ''),
          });
        }
      }
    },
  );

  it('the eligibility and knowledge keys are translated in full, so a parent meets no English mid-check', () => {
    for (const namespace of ['eligibility', 'knowledge']) {
      const en = [...keysOf('en', namespace).keys()];
      for (const language of ['vi', 'zh']) {
        const translated = keysOf(language, namespace);
        expect({ language, namespace, missing: en.filter((k) => !translated.has(k)) }).toEqual({
          language,
          namespace,
          missing: [],
        });
      }
    }
  });

  it('the verdict line stays in Korean in every language, followed by its translation', () => {
    const texts = testTexts();
    for (const language of ['en', 'vi', 'zh'] as const) {
      expect(texts[language].t('eligibility.verdict.eligible')).toBe('✅ 신청 대상입니다');
      expect(texts[language].t('eligibility.verdictSub.eligible')).not.toBe(
        texts.ko.t('eligibility.verdictSub.eligible'),
      );
    }
    expect(texts.vi.t('knowledge.notSure')).toMatch(/không chắc/);
    expect(texts.zh.t('knowledge.notSure')).toMatch(/不太确定/);
  });

  it("every vi/zh line is in the review table (support mode: all but the risk screen's direct question)", () => {
    const table = readFileSync(join(root, 'REVIEW.md'), 'utf8');
    for (const language of ['vi', 'zh'])
      for (const namespace of ['eligibility', 'knowledge', 'core', 'common', 'support', 'support-helpers'])
        for (const key of [...keysOf(language, namespace).keys()].filter(
          (k) => !(namespace === 'support' && k.startsWith('asq.')),
        ))
          expect({
            language,
            key: `${namespace}.${key}`,
            listed: table.includes(`| ${language} | ${namespace}.${key} |`),
          }).toEqual({
            language,
            key: `${namespace}.${key}`,
            listed: true,
          });
  });
});

describe('personLanguage: the language a person is answered in (issue 15)', () => {
  it('a Vietnamese mother keeps Vietnamese through "네", "4" and "ok"', () => {
    let language = personLanguage('ko', true, 'Con tôi học lớp 3, có được tham gia Seoul Run không?');
    expect(language).toBe('vi');
    for (const reply of ['네', '4', 'ok', '300만원']) {
      language = personLanguage(language, true, reply);
      expect(language).toBe('vi');
    }
  });

  it("a newcomer's short first greeting in Vietnamese or Chinese sets the language; a Korean one keeps Korean", () => {
    expect(personLanguage('ko', false, 'Xin chào')).toBe('vi');
    expect(personLanguage('ko', false, '你好')).toBe('zh');
    expect(personLanguage('ko', false, '안녕')).toBe('ko');
    expect(personLanguage('ko', true, 'Xin chào')).toBe('ko');
  });

  it('a code typed in lower case with spaces stays Korean, whichever letters it happens to have', () => {
    expect(personLanguage('ko', false, '멘토등록 abcd efgh jk')).toBe('ko');
    expect(personLanguage('ko', false, '동의 kxmq wrtz pp')).toBe('ko');
    expect(personLanguage('ko', false, 'Can my kid join 서울런?')).toBe('en');
  });

  it('a code or an address is in no language: "동의 P7PD-DESM-W7" from a newcomer stays Korean', () => {
    expect(personLanguage('ko', false, '동의 P7PD-DESM-W7')).toBe('ko');
    expect(personLanguage('ko', false, '멘토 코드 K7QF-M2XP-9D')).toBe('ko');
    expect(personLanguage('ko', false, '문의번호 EL-X32ZLP 로 전화했어요')).toBe('ko');
    expect(personLanguage('ko', false, 'Can my child join Seoul Run? code K7QF-M2XP-9D')).toBe('en');
  });

  it('one Latin word that is no word ("xxxxx", "asdf") leaves the language as it was', () => {
    expect(personLanguage('ko', false, 'x'.repeat(200))).toBe('ko');
    expect(personLanguage('ko', false, 'asdf')).toBe('ko');
    expect(personLanguage('ko', false, 'hello, can my child join?')).toBe('en');
  });

  it('a Chinese message switches at any time and stays through short replies', () => {
    expect(personLanguage('ko', true, '我的孩子可以参加首尔Run吗？')).toBe('zh');
    expect(personLanguage('zh', true, '네')).toBe('zh');
    expect(personLanguage('zh', true, '2')).toBe('zh');
  });

  it('English switches a newcomer, but not a Korean student answering a quiz in English', () => {
    expect(personLanguage('ko', false, 'Can my daughter join Seoul Run?')).toBe('en');
    expect(personLanguage('ko', true, 'I went to school yesterday')).toBe('ko');
    expect(personLanguage('en', true, 'yes')).toBe('en');
  });

  it('a real Korean sentence brings a Vietnamese writer back to Korean', () => {
    expect(personLanguage('vi', true, '이제 한국어로 말해 주세요 감사합니다')).toBe('ko');
  });
});
