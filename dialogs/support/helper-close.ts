import { matchChoice, numberedList } from '../../bot/choices';
import type { Queryable } from '../../bot/db/database';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply } from '../../bot/messages';
import type { Language } from '../../bot/people';
import { audit } from '../../bot/people-store';
import { say0 } from './helper-relay';
import { addEvent, finishDeadlines, loadCase, say, tellPerson } from './ladder';
import type { StaffMember } from './roster';
import { leaveHelperStep, supportState, textReply, type SupportContext } from './shared';

/** Closing a case with a structured note, asked one field at a time (issue 8). */

async function languageOf(tx: Queryable, personId: string): Promise<Language> {
  const { rows } = await tx.query<{ language: Language }>('SELECT language FROM people WHERE id = $1', [
    personId,
  ]);
  return rows[0]?.language ?? 'ko';
}
// ---------------------------------------------------------------------------------------------
// Closing with a structured note
// ---------------------------------------------------------------------------------------------

type NoteField = 'reached' | 'safe' | 'referred' | 'followUp';
const FIELDS: NoteField[] = ['reached', 'safe', 'referred', 'followUp'];

function fieldOptions(ctx: TurnContext, field: NoteField): QuickReply[] {
  const t = (key: string) => ctx.texts.t(`support.close.${key}`);
  const values: [string, string][] =
    field === 'referred'
      ? [
          ['109', t('ref109')],
          ['112', t('ref112')],
          ['both', t('refBoth')],
          ['none', t('refNone')],
        ]
      : field === 'safe'
        ? [
            ['yes', t('yes')],
            ['no', t('no')],
            ['unknown', t('unknown')],
          ]
        : [
            ['yes', t('yes')],
            ['no', t('no')],
          ];
  return values.map(([value, label]) => ({ label, postback: `support:note:${field}:${value}` }));
}

export interface CloseAnswers {
  caseId: string;
  field: NoteField;
  note: Record<string, string>;
}

export function closeQuestion(ctx: TurnContext, sc: SupportContext, answers: CloseAnswers): TurnResult {
  const options = fieldOptions(ctx, answers.field);
  const question = say(ctx.texts, sc.deps.contacts, `close.${answers.field}`, { case: answers.caseId });
  return {
    reply: textReply([question, numberedList(options)], options),
    state: supportState('close', answers as unknown as Record<string, unknown>),
  };
}

export async function closeStep(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  otherAction: (postback: string) => Promise<TurnResult>,
): Promise<TurnResult | null> {
  const answers = (ctx.state as DialogState).answers as unknown as CloseAnswers;
  const chosen = matchChoice(ctx.input, fieldOptions(ctx, answers.field));
  if (!chosen) {
    // Another support action (e.g. a new alert's 확인) or a command: leave the note for later.
    if (ctx.input.postback?.startsWith('support:')) return otherAction(ctx.input.postback);
    return ctx.input.text.trim() ? closeQuestion(ctx, sc, answers) : null;
  }
  const value = chosen.postback.split(':')[3] as string;
  const note = { ...answers.note, [answers.field]: value };
  const next = FIELDS[FIELDS.indexOf(answers.field) + 1];
  if (next) return closeQuestion(ctx, sc, { ...answers, field: next, note });
  ctx.defer((tx) => closeCase(tx, sc, answers.caseId, helper, note, ctx.now));
  return {
    reply: say0(ctx, sc, 'close.done', { case: answers.caseId }),
    ...leaveHelperStep(ctx),
  };
}

/** Closes a case with the structured note; the student is told and the bot resumes for them. */
export async function closeCase(
  tx: Queryable,
  sc: SupportContext,
  caseId: string,
  helper: StaffMember,
  note: Record<string, string>,
  now: Date,
): Promise<void> {
  const c = await loadCase(tx, caseId, true);
  if (!c || c.status !== 'open') return;
  await tx.query(
    `UPDATE support_cases SET status = 'closed', closed_at = $2, closed_by = $3, close_note = $4, relay_active = false WHERE id = $1`,
    [c.id, now, helper.personId, JSON.stringify(note)],
  );
  await finishDeadlines(tx, c.id, now);
  await tx.query('DELETE FROM support_helper_focus WHERE case_id = $1', [c.id]);
  await addEvent(tx, c.id, now, 'closed', `person:${helper.personId}`, { helper: helper.personId, note });
  await audit(tx, `person:${helper.personId}`, 'support_case_closed', c.person_id, { case: c.id });
  const texts = sc.deps.texts[await languageOf(tx, c.person_id)];
  await tellPerson(
    tx,
    sc.deps,
    c,
    textReply([say(texts, sc.deps.contacts, 'closed.toStudent', { name: helper.name })]),
    'relay',
    'closed',
    now,
  );
}
