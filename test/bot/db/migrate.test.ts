import { migrate, pendingMigrations, readMigrations } from '../../../bot/db/migrate';
import { readConversation } from '../../../bot/dialog/state';
import { databaseTargets } from '../../helpers/test-database';

describe.each(databaseTargets())('migrations on $name', (target) => {
  it('apply on an empty database, then a re-run is a no-op', async () => {
    const { db, dispose } = await target.open({ migrate: false });
    try {
      const applied = await migrate(db);
      expect(applied).toEqual(readMigrations().map((m) => m.name));
      expect(await pendingMigrations(db)).toEqual([]);
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
      expect(rows[0]?.n).toBe(0);
    } finally {
      await dispose();
    }
  });

  it('a failing migration leaves the database as it was', async () => {
    const { db, dispose } = await target.open({ migrate: false });
    try {
      const broken = [
        { name: '209901010000-good.sql', sql: 'CREATE TABLE first_table (id int);' },
        {
          name: '209901010001-broken.sql',
          sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
        },
      ];
      await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
      const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(['209901010000-good.sql']);
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_name IN ('first_table', 'half_done')
           AND table_schema = current_schema()`,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(['first_table']);
    } finally {
      await dispose();
    }
  });
});

describe.each(databaseTargets())('dialog state v2 migration on $name', (target) => {
  it('turns a stored v1 state into a stack of one frame that the engine reads back unchanged', async () => {
    const { db, dispose } = await target.open({ migrate: false });
    try {
      const all = readMigrations();
      const v2 = all.findIndex((m) => m.name.endsWith('dialog-state-v2.sql'));
      await migrate(db, all.slice(0, v2));
      const { rows } = await db.query<{ id: string }>('INSERT INTO people DEFAULT VALUES RETURNING id');
      const person = rows[0]!.id;
      const v1 = { v: 1, flow: 'eligibility', step: 'household', answers: { residence: 'seoul' } };
      await db.query('INSERT INTO dialog_states (person_id, state) VALUES ($1, $2)', [
        person,
        JSON.stringify(v1),
      ]);
      await migrate(db, all);
      const stored = await db.query<{ state: unknown }>(
        'SELECT state FROM dialog_states WHERE person_id = $1',
        [person],
      );
      expect(stored.rows[0]?.state).toEqual({
        v: 2,
        frames: [{ flow: 'eligibility', step: 'household', slots: { residence: 'seoul' }, v: 1 }],
      });
      expect(readConversation(stored.rows[0]?.state)).toEqual(readConversation(v1));
    } finally {
      await dispose();
    }
  });
});
