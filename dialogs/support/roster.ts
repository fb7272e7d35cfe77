import { minutesOf, seoulDate, seoulInstant, seoulParts } from '../../bot/calendar';
import type { Queryable } from '../../bot/db/database';
import type { Channel } from '../../bot/messages';
import type { HourWindow } from '../../bot/people';
import type { CrisisReplyFacts } from '../../bot/risk';

/** Ladder tiers, lowest first. */
export type Tier = 'mentor' | 'coordinator' | 'staff';

export type { HourWindow };

/** A mentor, coordinator or staff member as the ladder sees them. */
export interface StaffMember {
  personId: string;
  name: string;
  tier: Tier;
  language: 'ko' | 'en';
  /** null = always on duty. */
  hours: HourWindow[] | null;
  awayFrom: Date | null;
  awayUntil: Date | null;
  identities: { channel: Channel; channelUserId: string; reachable: boolean }[];
}

const WEEK_MINUTES = 7 * 24 * 60;

/** True while an away period covers `now` (no start = from now on). */
export function isAway(member: Pick<StaffMember, 'awayFrom' | 'awayUntil'>, now: Date): boolean {
  if (!member.awayUntil) return false;
  const started = !member.awayFrom || member.awayFrom.getTime() <= now.getTime();
  return started && now.getTime() < member.awayUntil.getTime();
}

/** Minute-of-week ranges [start, end) covered by the windows (0 = Sunday 00:00, Seoul). */
export function weekRanges(hours: HourWindow[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const w of hours) {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    const length = to > from ? to - from : to + 1440 - from;
    for (const day of w.days) {
      const start = day * 1440 + from;
      const end = start + length;
      if (end <= WEEK_MINUTES) ranges.push([start, end]);
      else {
        ranges.push([start, WEEK_MINUTES]);
        ranges.push([0, end - WEEK_MINUTES]);
      }
    }
  }
  return ranges;
}

const minuteOfWeek = (now: Date): number => {
  const p = seoulParts(now);
  return p.weekday * 1440 + p.minuteOfDay;
};

/** Whether the hours (ignoring away periods) cover `now`. */
export function inHours(hours: HourWindow[] | null, now: Date): boolean {
  if (hours === null) return true;
  const m = minuteOfWeek(now);
  return weekRanges(hours).some(([s, e]) => m >= s && m < e);
}

/** On duty now: within hours and not away. */
export const isOnDuty = (member: StaffMember, now: Date): boolean =>
  !isAway(member, now) && inHours(member.hours, now);

/** The next instant (within 8 days) at which `member` is on duty, or null. */
export function nextOnDuty(member: StaffMember, now: Date): Date | null {
  if (isOnDuty(member, now)) return now;
  // Candidates: each window start in the coming 8 days and the end of an away period.
  const candidates: Date[] = [];
  if (member.awayUntil && member.awayUntil.getTime() > now.getTime()) candidates.push(member.awayUntil);
  const today = seoulDate(now);
  const windows = member.hours ?? [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00' }];
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = addDaysIso(today, offset);
    const weekday = seoulParts(seoulInstant(date, '12:00')).weekday;
    for (const w of windows) if (w.days.includes(weekday)) candidates.push(seoulInstant(date, w.from));
  }
  return (
    candidates
      .filter((c) => c.getTime() > now.getTime() && isOnDuty(member, new Date(c.getTime() + 1000)))
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null
  );
}

function addDaysIso(date: string, days: number): string {
  return seoulDate(new Date(seoulInstant(date, '12:00').getTime() + days * 86_400_000));
}

/** Tiers that count as "a trained person" for the crisis reply's honest line. */
const TRAINED: readonly Tier[] = ['coordinator', 'staff'];

const reachable = (m: StaffMember): boolean => m.identities.some((i) => i.reachable);

/** Who is on duty now, and when someone trained next is, from a loaded staff list. */
export function dutyFacts(
  staff: readonly StaffMember[],
  now: Date,
): Pick<CrisisReplyFacts, 'personOnDuty' | 'nextPersonAt'> {
  const trained = staff.filter((m) => TRAINED.includes(m.tier) && reachable(m));
  if (trained.some((m) => isOnDuty(m, now))) return { personOnDuty: true };
  const next = trained
    .map((m) => nextOnDuty(m, now))
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return next ? { personOnDuty: false, nextPersonAt: describeWhen(next, now) } : { personOnDuty: false };
}

const WEEKDAYS_KO = ['일', '월', '화', '수', '목', '금', '토'];

/**
 * "오늘 오후 2시", "내일 오전 10시 30분", "월요일 오전 10시" (Korean: the crisis reply is read in
 * Korean by almost everyone, and dutyStatus() has no language).
 */
export function describeWhen(at: Date, now: Date): string {
  const p = seoulParts(at);
  const dayDiff = Math.round(
    (seoulInstant(p.date).getTime() - seoulInstant(seoulDate(now)).getTime()) / 86_400_000,
  );
  const day =
    dayDiff === 0
      ? '오늘'
      : dayDiff === 1
        ? '내일'
        : dayDiff === 2
          ? '모레'
          : `${WEEKDAYS_KO[p.weekday]}요일`;
  const half = p.hour < 12 ? '오전' : '오후';
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${day} ${half} ${hour12}시${p.minute ? ` ${p.minute}분` : ''}`;
}

/** Hours of the week (Seoul) no one of `tiers` covers, as merged ranges. */
export function uncoveredRanges(
  staff: readonly StaffMember[],
  tiers: readonly Tier[],
): Array<{ day: number; from: string; to: string }> {
  const covered = new Uint8Array(WEEK_MINUTES);
  for (const m of staff) {
    if (!tiers.includes(m.tier) || !reachable(m)) continue;
    if (m.hours === null) return [];
    for (const [s, e] of weekRanges(m.hours)) covered.fill(1, s, e);
  }
  const result: Array<{ day: number; from: string; to: string }> = [];
  let start = -1;
  for (let minute = 0; minute <= WEEK_MINUTES; minute += 1) {
    const gap = minute < WEEK_MINUTES && covered[minute] === 0;
    const dayBoundary = minute % 1440 === 0 && start >= 0;
    if (start >= 0 && (!gap || dayBoundary)) {
      result.push({
        day: Math.floor(start / 1440),
        from: hhmm(start % 1440),
        to: hhmm(minute - Math.floor(start / 1440) * 1440),
      });
      start = -1;
    }
    if (gap && start < 0) start = minute;
  }
  return result;
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

interface StaffRow {
  person_id: string;
  name: string | null;
  tier: Tier;
  language: 'ko' | 'en';
  hours: HourWindow[] | null;
  away_from: Date | null;
  away_until: Date | null;
  identities: { channel: Channel; channel_user_id: string; reachable: boolean }[] | null;
}

/** Loads every registered mentor, coordinator and staff member with their identities. */
export async function loadStaff(db: Queryable): Promise<StaffMember[]> {
  const { rows } = await db.query<StaffRow>(
    `SELECT s.person_id, p.display_name AS name, p.language, s.tier, s.hours, s.away_from, s.away_until,
            (SELECT json_agg(json_build_object('channel', i.channel, 'channel_user_id', i.channel_user_id, 'reachable', i.reachable)
                             ORDER BY i.last_seen_at DESC)
               FROM identities i WHERE i.person_id = s.person_id) AS identities
       FROM staff_profiles s JOIN people p ON p.id = s.person_id
      ORDER BY s.created_at, s.person_id`,
  );
  return rows.map(toMember);
}

function toMember(r: StaffRow): StaffMember {
  return {
    personId: r.person_id,
    name: r.name ?? '',
    tier: r.tier,
    language: r.language,
    hours: r.hours,
    awayFrom: r.away_from ? new Date(r.away_from) : null,
    awayUntil: r.away_until ? new Date(r.away_until) : null,
    identities: (r.identities ?? []).map((i) => ({
      channel: i.channel,
      channelUserId: i.channel_user_id,
      reachable: i.reachable,
    })),
  };
}

/** An in-memory snapshot of who is on duty, for step 0 (no database there). */
export interface DutyRoster {
  /** Evaluated against the snapshot and the clock; never touches the database. */
  dutyStatus(): Pick<CrisisReplyFacts, 'personOnDuty' | 'nextPersonAt'>;
  /** Reloads the staff list (called from runDue and after admin changes). */
  refresh(): Promise<void>;
  /** The last loaded staff list. */
  staff(): readonly StaffMember[];
}

/** Creates the roster over `db`; `clock` decides "now" for dutyStatus(). */
export function createDutyRoster(db: Queryable, clock: () => Date = () => new Date()): DutyRoster {
  let snapshot: StaffMember[] = [];
  let loaded = false;
  return {
    dutyStatus() {
      // Before the first load we know nothing: say so honestly (the "unknown" line).
      if (!loaded) return { personOnDuty: false };
      try {
        return dutyFacts(snapshot, clock());
      } catch {
        return { personOnDuty: false };
      }
    },
    async refresh() {
      snapshot = await loadStaff(db);
      loaded = true;
    },
    staff: () => snapshot,
  };
}
