import pino from 'pino';
import { resolvePerson } from '../../bot/people-store';
import { createUserLeases } from '../../bot/user-lease';
import { describeEachDatabase } from '../helpers/test-database';

describeEachDatabase('user leases', (getDb) => {
  const withLease = () =>
    createUserLeases({ db: getDb().db, log: pino({ level: 'silent' }), instanceId: 'test' });
  const leaseRows = async (personId: string) =>
    (await getDb().db.query('SELECT holder FROM user_leases WHERE person_id = $1', [personId])).rows;

  it('runs one person’s work one piece at a time, in the order it came', async () => {
    const { id } = await resolvePerson(getDb().db, 'web', 'lease-1');
    const leases = withLease();
    const seen: string[] = [];
    let openFirst!: () => void;
    const first = leases(id, async () => {
      seen.push('first start');
      await new Promise<void>((resolve) => (openFirst = resolve));
      seen.push('first end');
    });
    const second = leases(id, async () => void seen.push('second'));
    while (!openFirst) await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['first start']);
    openFirst();
    await Promise.all([first, second]);
    expect(seen).toEqual(['first start', 'first end', 'second']);
  });

  it('holds the lease row while working and releases it after, even when the work throws', async () => {
    const { id } = await resolvePerson(getDb().db, 'web', 'lease-2');
    const leases = withLease();
    await expect(
      leases(id, async (lease) => {
        expect(await leaseRows(id)).toEqual([{ holder: lease.holder }]);
        throw new Error('dialog failed');
      }),
    ).rejects.toThrow('dialog failed');
    expect(await leaseRows(id)).toEqual([]);
  });
});
