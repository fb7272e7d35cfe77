import type { Database, Queryable } from './db/database';
import type { Channel } from './messages';
import type { AgeBand, ConsentState, Language, Person, Role } from './people';

interface PersonRow {
  id: string;
  audience: Person['audience'];
  consent: ConsentState;
  age_band: AgeBand | null;
  language: Language;
  display_name: string | null;
  greeted: boolean;
  roles: Role[] | null;
}

const SELECT_PERSON = `
  SELECT p.id, p.audience, p.consent, p.age_band, p.language, p.display_name, p.greeted,
         (SELECT array_agg(r.role ORDER BY r.role) FROM person_roles r WHERE r.person_id = p.id) AS roles
    FROM people p`;

const toPerson = (row: PersonRow, channel: Channel, channelUserId: string): Person => ({
  id: row.id,
  roles: row.roles ?? [],
  audience: row.audience,
  consent: row.consent,
  ageBand: row.age_band,
  language: row.language,
  displayName: row.display_name,
  channel,
  channelUserId,
  greeted: row.greeted,
});

/**
 * Finds the person behind a channel identity, creating both on first contact. Safe when two
 * instances race on the same new user: the identity's primary key decides, the loser's spare
 * person row is removed in the same transaction.
 */
export async function resolvePerson(db: Database, channel: Channel, channelUserId: string): Promise<Person> {
  const found = await db.query<PersonRow>(
    `${SELECT_PERSON} JOIN identities i ON i.person_id = p.id WHERE i.channel = $1 AND i.channel_user_id = $2`,
    [channel, channelUserId],
  );
  if (found.rows[0]) return toPerson(found.rows[0], channel, channelUserId);
  return db.transaction(async (tx) => {
    const created = await tx.query<{ id: string }>('INSERT INTO people DEFAULT VALUES RETURNING id');
    const personId = created.rows[0]?.id as string;
    const linked = await tx.query(
      `INSERT INTO identities (channel, channel_user_id, person_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel, channel_user_id) DO NOTHING`,
      [channel, channelUserId, personId],
    );
    if (linked.rowCount === 0) await tx.query('DELETE FROM people WHERE id = $1', [personId]);
    const row = await tx.query<PersonRow>(
      `${SELECT_PERSON} JOIN identities i ON i.person_id = p.id WHERE i.channel = $1 AND i.channel_user_id = $2`,
      [channel, channelUserId],
    );
    return toPerson(row.rows[0] as PersonRow, channel, channelUserId);
  });
}

/** Channel identities of a person, most recently used first. */
export async function identitiesOf(
  db: Queryable,
  personId: string,
): Promise<{ channel: Channel; channelUserId: string; reachable: boolean }[]> {
  const { rows } = await db.query<{ channel: Channel; channel_user_id: string; reachable: boolean }>(
    'SELECT channel, channel_user_id, reachable FROM identities WHERE person_id = $1 ORDER BY last_seen_at DESC',
    [personId],
  );
  return rows.map((r) => ({ channel: r.channel, channelUserId: r.channel_user_id, reachable: r.reachable }));
}

/** Fields of a person a turn may change. */
export interface PersonPatch {
  audience?: Person['audience'];
  consent?: ConsentState;
  ageBand?: AgeBand | null;
  language?: Language;
  greeted?: boolean;
  displayName?: string | null;
}

/** Applies a patch (inside the turn's transaction). */
export async function updatePerson(tx: Queryable, personId: string, patch: PersonPatch): Promise<void> {
  const columns: [string, unknown][] = [];
  if (patch.audience !== undefined) columns.push(['audience', patch.audience]);
  if (patch.consent !== undefined) columns.push(['consent', patch.consent]);
  if (patch.ageBand !== undefined) columns.push(['age_band', patch.ageBand]);
  if (patch.language !== undefined) columns.push(['language', patch.language]);
  if (patch.greeted !== undefined) columns.push(['greeted', patch.greeted]);
  if (patch.displayName !== undefined) columns.push(['display_name', patch.displayName]);
  if (columns.length === 0) return;
  const sets = columns.map(([column], i) => `${column} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE people SET ${sets} WHERE id = $1`, [personId, ...columns.map(([, v]) => v)]);
}

/** Grants a role (audit-logged by the caller). */
export async function grantRole(
  tx: Queryable,
  personId: string,
  role: Role,
  grantedBy: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO person_roles (person_id, role, granted_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [personId, role, grantedBy],
  );
}

/** Marks whether an identity can receive unprompted messages (unfollow, not a friend). */
export async function setReachable(
  db: Queryable,
  channel: Channel,
  channelUserId: string,
  reachable: boolean,
): Promise<void> {
  await db.query('UPDATE identities SET reachable = $3 WHERE channel = $1 AND channel_user_id = $2', [
    channel,
    channelUserId,
    reachable,
  ]);
}

/** A person's language (`ko` when they are not found). */
export async function languageOfPerson(db: Queryable, personId: string): Promise<Language> {
  const { rows } = await db.query<{ language: Language }>('SELECT language FROM people WHERE id = $1', [
    personId,
  ]);
  return rows[0]?.language ?? 'ko';
}

/** The language of the person behind a channel identity, or `undefined` when nobody has it yet. */
export async function languageOfIdentity(
  db: Queryable,
  channel: Channel,
  channelUserId: string,
): Promise<Language | undefined> {
  const { rows } = await db.query<{ language: Language }>(
    `SELECT p.language FROM identities i JOIN people p ON p.id = i.person_id WHERE i.channel = $1 AND i.channel_user_id = $2`,
    [channel, channelUserId],
  );
  return rows[0]?.language;
}

/** Writes an audit line: who (admin token name or person id), what, about whom. */
export async function audit(
  tx: Queryable,
  actor: string,
  action: string,
  subject: string | null,
  detail: object = {},
): Promise<void> {
  await tx.query('INSERT INTO audit_log (actor, action, subject, detail) VALUES ($1, $2, $3, $4)', [
    actor,
    action,
    subject,
    JSON.stringify(detail),
  ]);
}

/** Active links from or to a person. */
export async function linksOf(
  db: Queryable,
  personId: string,
): Promise<{ kind: 'parent_child' | 'mentor_mentee'; from: string; to: string }[]> {
  const { rows } = await db.query<{
    kind: 'parent_child' | 'mentor_mentee';
    from_person: string;
    to_person: string;
  }>(
    `SELECT kind, from_person, to_person FROM links WHERE status = 'active' AND (from_person = $1 OR to_person = $1)`,
    [personId],
  );
  return rows.map((r) => ({ kind: r.kind, from: r.from_person, to: r.to_person }));
}

/** Creates an active link (idempotent). */
export async function addLink(
  tx: Queryable,
  kind: 'parent_child' | 'mentor_mentee',
  from: string,
  to: string,
  createdBy: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO links (kind, from_person, to_person, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, from_person, to_person) DO UPDATE SET status = 'active'`,
    [kind, from, to, createdBy],
  );
}
