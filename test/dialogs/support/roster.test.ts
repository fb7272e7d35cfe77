import {
  describeWhen,
  dutyFacts,
  isAway,
  nextOnDuty,
  uncoveredRanges,
  type StaffMember,
} from '../../../dialogs/support/roster';

const member = (over: Partial<StaffMember>): StaffMember => ({
  personId: 'p1',
  name: '서연',
  tier: 'staff',
  language: 'ko',
  hours: null,
  awayFrom: null,
  awayUntil: null,
  identities: [{ channel: 'web', channelUserId: 'u', reachable: true }],
  ...over,
});

describe('duty roster', () => {
  it('handles windows that wrap past midnight and the week', () => {
    const night = member({ hours: [{ days: [6], from: '22:00', to: '06:00' }] });
    expect(uncoveredRanges([night], ['staff'])).toEqual(
      expect.arrayContaining([
        { day: 6, from: '00:00', to: '22:00' },
        { day: 0, from: '06:00', to: '24:00' },
      ]),
    );
    // Saturday 23:00 Seoul is on duty; Sunday 05:59 too; Sunday 06:00 not.
    expect(dutyFacts([night], new Date('2026-11-28T14:00:00Z')).personOnDuty).toBe(true);
    expect(dutyFacts([night], new Date('2026-11-28T20:59:00Z')).personOnDuty).toBe(true);
    expect(dutyFacts([night], new Date('2026-11-28T21:00:00Z')).personOnDuty).toBe(false);
  });

  it('says when someone trained is next on duty, honestly and in Korean', () => {
    const weekdays = member({ hours: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '18:00' }] });
    const saturdayNight = new Date('2026-11-28T14:00:00Z');
    expect(nextOnDuty(weekdays, saturdayNight)?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(dutyFacts([weekdays], saturdayNight)).toEqual({
      personOnDuty: false,
      nextPersonAt: '모레 오전 10시',
    });
    expect(describeWhen(new Date('2026-11-28T05:30:00Z'), new Date('2026-11-28T01:00:00Z'))).toBe(
      '오늘 오후 2시 30분',
    );
    // Mentors are not "a trained person on duty"; unreachable staff do not count either.
    expect(dutyFacts([member({ tier: 'mentor' })], saturdayNight).personOnDuty).toBe(false);
    expect(dutyFacts([member({ identities: [] })], saturdayNight)).toEqual({ personOnDuty: false });
  });

  it('treats away periods as off duty and ends them on time', () => {
    const away = member({ awayUntil: new Date('2026-12-01T00:00:00Z') });
    expect(isAway(away, new Date('2026-11-30T00:00:00Z'))).toBe(true);
    expect(isAway(away, new Date('2026-12-01T00:00:00Z'))).toBe(false);
    expect(dutyFacts([away], new Date('2026-11-30T00:00:00Z')).personOnDuty).toBe(false);
    expect(
      isAway(
        member({ awayFrom: new Date('2026-12-02T00:00:00Z'), awayUntil: new Date('2026-12-03T00:00:00Z') }),
        new Date('2026-12-01T00:00:00Z'),
      ),
    ).toBe(false);
  });
});
