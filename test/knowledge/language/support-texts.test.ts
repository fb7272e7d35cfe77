import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DialogState } from '../../../bot/dialog';
import { followUpReply } from '../../../dialogs/support/harm';
import { say } from '../../../dialogs/support/ladder';
import { supportModeLines } from '../../../dialogs/support/mode';
import type { SupportContext } from '../../../dialogs/support/shared';
import { fakeTurn, testContacts, testTexts } from '../../helpers/fake-turn';

const root = join(__dirname, '..', '..', '..', 'knowledge', 'texts');

/** The flat `a.b.c` keys and texts of one catalogue file (an absent file is an empty catalogue). */
function catalogue(language: string, namespace: string): Map<string, string> {
  const out = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(root, language, `${namespace}.yaml`), 'utf8');
  } catch {
    return out;
  }
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'string') out.set(prefix, value);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
  };
  walk('', parse(text));
  return out;
}

/**
 * Lines only helpers read (Seoul Run staff): alerts, actions, closing questions, lists, the thread as
 * the helper sees it. Everything else in these namespaces reaches a student or a parent.
 */
const HELPER_ONLY: Record<string, RegExp> = {
  support:
    /^(alert|actions|close|group|guide|helper|sent|levels|thread)\.|^mentorWords$|^handoff\.(toHelper|taken)$|^silence\.toHelper$|^relay\.(fromStudent|flagHigh|sentToStudent|lastDelivery|delivered|notDelivered|sending|pickCase|caseLabel|switch|status|statusLine|statusNone|stoppedHelper|leftHelper|deletedHelper)$/,
  'support-helpers':
    /^(help|labels|mentees|cases)\.|^(addStudent|followUpSent|checkin\w+|reminder\w+|passedTo|helperName|passedNobody)$|^mentor\.toMentor\w+$/,
};

const numbersIn = (s: string): string[] =>
  [...s.replace(/\{[^}]*\}/g, '').matchAll(/\d+/g)].map((m) => m[0]).sort();

describe('support mode in Vietnamese and Chinese (issue 14 lines, issue 15 languages)', () => {
  it.each(Object.keys(HELPER_ONLY))(
    '%s: every line a student or a parent reads is in vi and zh',
    (namespace) => {
      const korean = [...catalogue('ko', namespace).keys()];
      const forStudents = korean.filter((k) => !HELPER_ONLY[namespace]?.test(k));
      expect(forStudents.length).toBeGreaterThan(5);
      for (const language of ['vi', 'zh']) {
        const translated = catalogue(language, namespace);
        expect({ language, namespace, missing: forStudents.filter((k) => !translated.has(k)) }).toEqual({
          language,
          namespace,
          missing: [],
        });
      }
    },
  );

  it.each(['support', 'support-helpers', 'crisis'])(
    "%s: a vi/zh line carries exactly the Korean line's numbers (24 시간, placeholders aside)",
    (namespace) => {
      const korean = catalogue('ko', namespace);
      for (const language of ['vi', 'zh'])
        for (const [key, value] of catalogue(language, namespace))
          expect({ language, key, numbers: numbersIn(value) }).toEqual({
            language,
            key,
            numbers: numbersIn(korean.get(key) ?? ''),
          });
    },
  );

  const sc = { deps: { contacts: testContacts(), texts: testTexts() } } as unknown as SupportContext;
  const state: DialogState = { v: 1, flow: 'support', step: 'mode', answers: {} };

  it('a Vietnamese student afraid of the phone is answered in Vietnamese, with 109 by text and 1388 on KakaoTalk', () => {
    const { ctx } = fakeTurn({ text: 'Mình ở nhà. Mình sợ gọi điện lắm', state, person: { language: 'vi' } });
    const reply = supportModeLines(ctx, sc, ['home', 'phoneFear']).join('\n');
    expect(reply).toContain('Bạn đang ở nhà');
    expect(reply).toContain('109 nhận tin nhắn');
    expect(reply).toContain("KakaoTalk '청소년상담1388'");
    for (const english of ['Thank you', 'You can write', "You're at home"])
      expect(reply).not.toContain(english);
  });

  it('a Chinese student with nowhere to go after violence at home: 112 first, then a shelter through 1388', () => {
    const { ctx } = fakeTurn({
      text: '我不敢回家',
      state: { ...state, answers: { harm: 'home' } },
      person: { language: 'zh' },
    });
    const reply = supportModeLines(ctx, sc, ['nowhere']).join('\n');
    expect(reply).toContain('青少年庇护所');
    expect(reply.indexOf('112')).toBeGreaterThan(-1);
    expect(reply.indexOf('112')).toBeLessThan(reply.indexOf('1388'));
  });

  it("the follow-up when nobody took the case is in the student's language, with the same numbers as in Korean", () => {
    const texts = testTexts();
    const contacts = testContacts();
    const first = (language: 'ko' | 'vi' | 'zh') => {
      const message = followUpReply(texts[language], contacts, 'crisis_home').messages[0];
      return message?.type === 'text' ? message.text : '';
    };
    expect(first('vi')).toMatch(/^Mình vẫn chưa kết nối được/);
    expect(first('zh')).toMatch(/^还没能联系上老师/);
    for (const language of ['vi', 'zh'] as const)
      expect(numbersIn(first(language))).toEqual(numbersIn(first('ko')));
  });

  it('paging is told honestly in Vietnamese: who was told, and what to do until someone reads it', () => {
    const t = testTexts().vi;
    const contacts = testContacts();
    expect(say(t, contacts, 'wait.staff')).toBe(
      'Mình đã báo cho tư vấn viên Seoul Run. Khi thầy cô xem tin, mình sẽ báo cho bạn ngay.',
    );
    expect(say(t, contacts, 'wait.nobodyAtAll')).toContain('1388');
    expect(say(t, contacts, 'wait.nobodyAtAll')).toContain('109');
  });
});
