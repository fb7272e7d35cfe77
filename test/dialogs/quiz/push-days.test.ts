import { addDays } from '../../../bot/calendar';
import { daysOffBetween, isPushDay, loadHolidays } from '../../../bot/holidays';
import { excusedDays } from '../../../dialogs/quiz/store';
import { describeEachDatabase } from '../../helpers/test-database';
import { addSubscriber, kst, quizOn, quizRows, textOf } from './helpers';

const calendar = loadHolidays();

describe('the holiday calendar (knowledge/calendar/holidays.yaml)', () => {
  it('covers 2026 and 2027 and knows public, substitute and election days', () => {
    expect(calendar.covers('2026-01-01') && calendar.covers('2027-12-31')).toBe(true);
    expect(calendar.holiday('2026-12-25')).toBe('성탄절');
    expect(calendar.holiday('2026-06-03')).toContain('지방선거');
    expect(calendar.holiday('2026-07-17')).toBe('제헌절');
    expect(calendar.holiday('2027-02-09')).toContain('대체공휴일'); // 설날 on a Sunday
    expect(calendar.holiday('2027-12-27')).toContain('대체공휴일'); // 성탄절 on a Saturday
    expect(calendar.holiday('2027-06-07')).toBeUndefined(); // 현충일 has no substitute day
    expect(calendar.holiday('2026-09-28')).toBeUndefined(); // 추석 on a Saturday: no substitute
  });

  it('a school day is Monday–Friday and not a holiday; "every" is every day', () => {
    expect(calendar.isSchoolDay('2026-12-24')).toBe(true); // Thursday
    expect(calendar.isSchoolDay('2026-12-25')).toBe(false); // Friday, 성탄절
    expect(calendar.isSchoolDay('2026-12-26')).toBe(false); // Saturday
    expect(isPushDay('2026-12-27', 'every', calendar)).toBe(true); // Sunday
    expect(daysOffBetween('2026-12-24', '2026-12-29', calendar)).toEqual([
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
    ]);
  });
});

describeEachDatabase('quiz pushes across a month of fake dates (month end and year end)', (getDb) => {
  const db = () => getDb().db;

  it('pushes school-days students on school days only, every-day students daily, with no apology for days off', async () => {
    const quiz = quizOn(db());
    const school = await addSubscriber(db(), 'pd-school', { pushDays: 'school' });
    const every = await addSubscriber(db(), 'pd-every', { pushDays: 'every' });
    const first = '2026-12-14';
    const last = '2027-01-15';
    const expected: string[] = [];
    for (let day = first; day <= last; day = addDays(day, 1)) {
      await quiz.runDue!(kst(day, '16:00'));
      await quiz.runDue!(kst(day, '21:30')); // the evening tick that records missed days
      // Both answer their quizzes (an ignored quiz would turn into a nudge, then rest days).
      await db().query('UPDATE quiz_profiles SET unanswered_run = 0');
      if (calendar.isSchoolDay(day)) expected.push(day);
    }
    const pushedDays = async (personId: string) =>
      (
        await db().query<{ quiz_date: string; status: string }>(
          `SELECT quiz_date::text AS quiz_date, status FROM quiz_deliveries WHERE person_id = $1 ORDER BY quiz_date`,
          [personId],
        )
      ).rows;
    const schoolRows = await pushedDays(school.id);
    expect(schoolRows.map((r) => r.quiz_date)).toEqual(expected);
    expect(schoolRows.every((r) => r.status === 'sent')).toBe(true);
    // Month end (12-31 Thursday pushed), New Year's Day (holiday) and the weekend after: none.
    expect(expected).toContain('2026-12-31');
    expect(expected).not.toContain('2027-01-01');
    expect(expected).not.toContain('2026-12-25');
    expect(expected).toContain('2027-01-04');

    // (The first tick also owns the day before it, a Sunday: "skipped" for the every-day student only.)
    const everyRows = (await pushedDays(every.id)).filter((r) => r.quiz_date >= first);
    expect(everyRows).toHaveLength(33); // 14 Dec … 15 Jan, every day
    expect(everyRows.every((r) => r.status === 'sent')).toBe(true);

    // The Monday after a weekend and the day after a holiday carry no "sorry we missed you".
    const outbox = await quizRows(db(), school.id);
    expect(outbox).toHaveLength(expected.length);
    expect(outbox.every((r) => !textOf(r.reply).includes('못 보냈어요'))).toBe(true);
  });

  it('days without a push never break a school-days student’s streak', async () => {
    const student = await addSubscriber(db(), 'pd-streak', { pushDays: 'school' });
    const excused = await excusedDays(db(), student.id, '2026-12-24', '2026-12-28', calendar);
    expect([...excused].sort()).toEqual(['2026-12-25', '2026-12-26', '2026-12-27']);
    const daily = await addSubscriber(db(), 'pd-streak-daily', { pushDays: 'every' });
    expect([...(await excusedDays(db(), daily.id, '2026-12-24', '2026-12-28', calendar))]).toEqual([]);
  });
});
