import type { CaseRow } from '../../../dialogs/support/case-store';
import { alertActions, groupAlertReply } from '../../../dialogs/support/alert-text';
import { testTexts } from '../../helpers/fake-turn';

const texts = testTexts().ko;
const now = new Date('2026-12-01T05:00:00Z');
const caseRow = (id: string, minutesAgo: number): CaseRow =>
  ({
    id,
    level: 'high',
    opened_at: new Date(now.getTime() - minutesAgo * 60_000),
    excerpt: '학생의 말',
  }) as CaseRow;

describe('alertActions', () => {
  it('offers the five actions on the case, as postbacks', () => {
    expect(alertActions(texts, '42').map((a) => a.postback)).toEqual([
      'support:ack:42',
      'support:resend:42',
      'support:coord:42',
      'support:pass:42',
      'support:close:42',
    ]);
  });
});

describe('groupAlertReply', () => {
  const cases = Array.from({ length: 12 }, (_, i) => caseRow(String(i + 1), i));

  it('lists ten cases with an ack each and counts the rest', () => {
    const reply = groupAlertReply(texts, cases, now);
    expect(reply.quickReplies.map((q) => q.postback)).toEqual(
      Array.from({ length: 10 }, (_, i) => `support:ack:${i + 1}`),
    );
    const shown = JSON.stringify(reply.messages);
    expect(shown).toContain(texts.t('support.group.more', { count: 2 }).replace(/\n/g, '\\n'));
  });

  it('quotes no student’s words: the alert is about several students', () => {
    expect(JSON.stringify(groupAlertReply(texts, cases, now))).not.toContain('학생의 말');
  });
});
