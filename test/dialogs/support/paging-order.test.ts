import type { StaffMember } from '../../../dialogs/support/roster';
import { FINAL_STAGE, recipientsAt, stageAfter } from '../../../dialogs/support/paging-order';

// Tuesday 2026-12-01, 14:00 in Seoul.
const now = new Date('2026-12-01T05:00:00Z');
const member = (
  personId: string,
  tier: StaffMember['tier'],
  over: Partial<StaffMember> = {},
): StaffMember => ({
  personId,
  name: personId,
  tier,
  language: 'ko',
  hours: null,
  awayFrom: null,
  awayUntil: null,
  identities: [{ channel: 'web', channelUserId: `${personId}-web`, reachable: true }],
  ...over,
});
const nightOnly = [{ days: [0, 1, 2, 3, 4, 5, 6], from: '22:00', to: '23:00' }];
const staff = [
  member('mentor', 'mentor', { hours: nightOnly }),
  member('coord', 'coordinator'),
  member('staff', 'staff'),
  member('staff-away', 'staff', { awayFrom: null, awayUntil: new Date('2026-12-02T00:00:00Z') }),
  member('staff-unreachable', 'staff', {
    identities: [{ channel: 'line', channelUserId: 'x', reachable: false }],
  }),
];
const ids = (members: StaffMember[]) => members.map((m) => m.personId);
const student = { wants: null, speaker: 'student' as const };

describe('recipientsAt', () => {
  it('pages the mentor off hours and staff on duty at once for high risk', () => {
    expect(ids(recipientsAt(0, { ...student, level: 'high' }, staff, ['mentor'], new Set(), now))).toEqual([
      'mentor',
      'staff',
    ]);
  });

  it('lets concern wait for the mentor’s hours', () => {
    expect(ids(recipientsAt(0, { ...student, level: 'concern' }, staff, ['mentor'], new Set(), now))).toEqual(
      [],
    );
  });

  it('skips the mentor when the student asked for staff, or a parent wrote', () => {
    expect(
      ids(recipientsAt(0, { ...student, wants: 'staff', level: 'high' }, staff, ['mentor'], new Set(), now)),
    ).toEqual(['staff']);
    expect(
      ids(
        recipientsAt(0, { ...student, speaker: 'parent', level: 'high' }, staff, ['mentor'], new Set(), now),
      ),
    ).toEqual(['staff']);
  });

  it('climbs to coordinators, then staff, then everyone not away', () => {
    const c = { ...student, level: 'concern' as const };
    expect(ids(recipientsAt(1, c, staff, [], new Set(), now))).toEqual(['coord']);
    expect(ids(recipientsAt(2, c, staff, [], new Set(), now))).toEqual(['staff']);
    expect(ids(recipientsAt(FINAL_STAGE, c, staff, [], new Set(), now))).toEqual(['coord', 'staff']);
  });

  it('never pages someone who handed the case over or went silent', () => {
    const c = { ...student, level: 'concern' as const };
    expect(ids(recipientsAt(2, c, staff, [], new Set(['staff']), now))).toEqual([]);
  });
});

describe('stageAfter', () => {
  it('goes one tier above the helper who let the case go', () => {
    expect(stageAfter('mentor')).toBe(1);
    expect(stageAfter(null)).toBe(1);
    expect(stageAfter('coordinator')).toBe(2);
    expect(stageAfter('staff')).toBe(FINAL_STAGE);
  });
});
