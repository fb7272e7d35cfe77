import type { ChildFacts, EligibilityFacts } from './extract';
import type { ApplicantFacts, FactKey, GroupId } from './types';

/**
 * Folds what one message said into the answers gathered so far, as a pure function. A correction
 * lands on the child it names ("아 잠깐 작은애 7살이에요 만으로는 6살" changes the younger child only;
 * "둘째 초3 아니고 초4예요", "큰애 중3이에요", or the old value "초3 아니고 초4" finds the child); a
 * denied group is removed and not asked again; "해당 없어요" or a coordinated denial closes the
 * group question. Replaces the dialog's own mergeExtracted (dialogs/eligibility/state.ts).
 */

export interface HouseholdAnswers {
  livesInSeoul?: boolean;
  /** Groups that apply; [] = the group question is answered with none. */
  groups?: GroupId[];
  /** Groups the person denied (never offered again). */
  deniedGroups?: GroupId[];
  householdSize?: number;
  monthlyIncome?: number;
}

/** The part of the dialog's answers this function reads and writes (EligibilityAnswers fits). */
export interface CheckAnswers {
  household: HouseholdAnswers;
  children: ChildFacts[];
  /** The child the age question is about. */
  childIndex: number;
}

export interface MergeResult<A extends CheckAnswers> {
  answers: A;
  changedAny: boolean;
  /** An age, grade or birth date changed (the dialog says "고쳤어요"). */
  changedAge: boolean;
  /** The child a one-child correction landed on. */
  childChanged?: number;
  /** This message answered the group question (a group named, denied in a chain, or "해당 없어요"). */
  groupsClosed: boolean;
}

const AGE_KEYS = ['age', 'ageExact', 'ageKind', 'birthDate', 'birthYear', 'schoolYear', 'graduated'] as const;

const hasAge = (c: ChildFacts): boolean =>
  c.age !== undefined || !!c.birthDate || c.birthYear !== undefined || !!c.schoolYear || c.graduated === true;
const said = (c: ChildFacts): boolean => hasAge(c) || (c.groups?.length ?? 0) > 0;

/** Sets one child's facts: any new age, grade or birth date replaces all earlier ones; groups add up. */
export function updateChild(child: ChildFacts, next: ChildFacts): ChildFacts {
  const base: ChildFacts = { ...child };
  if (hasAge(next)) for (const k of AGE_KEYS) delete base[k];
  const { was: _was, ref, groups, ...rest } = next;
  const merged: ChildFacts = { ...base, ...rest };
  if (ref !== undefined) merged.ref = ref;
  if (groups?.length || child.groups?.length)
    merged.groups = [...new Set([...(child.groups ?? []), ...(groups ?? [])])];
  return merged;
}

/** Which earlier child a one-child message is about: by label, by the value it corrects, else the one asked about. */
export function targetChild(children: ChildFacts[], found: ChildFacts, childIndex: number): number {
  if (found.ref === 'last') return Math.max(0, children.length - 1);
  if (typeof found.ref === 'number') return Math.min(found.ref - 1, children.length);
  const was = found.was;
  if (was) {
    const i = children.findIndex(
      (c) =>
        (was.schoolYear !== undefined && c.schoolYear === was.schoolYear) ||
        (was.age !== undefined && c.age === was.age),
    );
    if (i >= 0) return i;
  }
  return Math.min(Math.max(0, childIndex), Math.max(0, children.length - 1));
}

/**
 * Merges `found` into a copy of `answers`. `askingGroups` = the bot's last question was the group
 * question, so a bare denial ("수급자 아니에요") answers it.
 */
export function mergeFacts<A extends CheckAnswers>(
  answers: A,
  found: EligibilityFacts,
  options: { askingGroups?: boolean } = {},
): MergeResult<A> {
  const next: A = {
    ...answers,
    household: { ...answers.household },
    children: answers.children.map((c) => ({ ...c })),
  };
  const h = next.household;
  let changedAny = false;
  if (found.livesInSeoul !== undefined && found.livesInSeoul !== h.livesInSeoul) {
    h.livesInSeoul = found.livesInSeoul;
    changedAny = true;
  }
  if (found.householdSize !== undefined && found.householdSize !== h.householdSize) {
    h.householdSize = found.householdSize;
    changedAny = true;
  }
  if (found.monthlyIncome !== undefined && found.monthlyIncome !== h.monthlyIncome) {
    h.monthlyIncome = found.monthlyIncome;
    changedAny = true;
  }
  const groupsClosed = mergeGroups(h, found, options.askingGroups === true);
  if (found.groups.length || found.notGroups.length || found.noGroup) changedAny = true;

  let changedAge = false;
  let childChanged: number | undefined;
  const spoken = found.children.filter(said);
  if (spoken.length >= 2) {
    // Several children named: labelled ones update their own child, the list is replaced otherwise.
    const allLabelled = spoken.every((c) => c.ref !== undefined) && next.children.filter(said).length > 0;
    if (allLabelled) {
      for (const c of spoken) {
        const i = targetChild(next.children, c, next.childIndex);
        next.children[i] = updateChild(next.children[i] ?? {}, c);
      }
    } else next.children = spoken.map((c) => updateChild({}, c));
    next.childIndex = 0;
    changedAny = changedAge = true;
  } else if (spoken[0]) {
    const i = targetChild(next.children, spoken[0], next.childIndex);
    next.children[i] = updateChild(next.children[i] ?? {}, spoken[0]);
    childChanged = i;
    changedAny = true;
    changedAge = hasAge(spoken[0]);
  }
  return {
    answers: next,
    changedAny,
    changedAge,
    ...(childChanged !== undefined ? { childChanged } : {}),
    groupsClosed,
  };
}

function mergeGroups(h: HouseholdAnswers, found: EligibilityFacts, askingGroups: boolean): boolean {
  const childGroups = found.children.flatMap((c) => c.groups ?? []);
  if (found.notGroups.length) {
    h.deniedGroups = [...new Set([...(h.deniedGroups ?? []), ...found.notGroups])];
    if (h.groups) h.groups = h.groups.filter((g) => !found.notGroups.includes(g));
  }
  if (found.groups.length) {
    h.groups = [...new Set([...(h.groups ?? []), ...found.groups])];
    if (h.deniedGroups) h.deniedGroups = h.deniedGroups.filter((g) => !found.groups.includes(g));
  }
  const named = found.groups.length + childGroups.length > 0;
  // "수급자도 한부모도 아니고 특별히 해당되는 건 없어요": no group applies, the question is answered.
  const closes =
    found.noGroup === true ||
    (!named && found.notGroups.length >= 2) ||
    (!named && found.notGroups.length >= 1 && askingGroups);
  if (closes && h.groups === undefined) h.groups = [];
  return closes || named || (h.groups !== undefined && h.groups.length > 0);
}

/** What the evaluator sees for child `i`: household facts plus the child's own (age kind included). */
export function applicantFactsOf(answers: CheckAnswers, i: number, dontKnow: FactKey[] = []): ApplicantFacts {
  const child = answers.children[i] ?? {};
  const h = answers.household;
  const groups =
    h.groups === undefined && !child.groups?.length
      ? undefined
      : [...new Set([...(h.groups ?? []), ...(child.groups ?? [])])];
  return {
    ...(h.livesInSeoul !== undefined ? { livesInSeoul: h.livesInSeoul } : {}),
    ...(child.age !== undefined
      ? {
          age: child.age,
          ageExact: child.ageKind === 'man' || child.ageExact === true,
          ...(child.ageKind ? { ageKind: child.ageKind } : {}),
        }
      : {}),
    ...(child.birthDate ? { birthDate: child.birthDate } : {}),
    ...(child.birthYear !== undefined ? { birthYear: child.birthYear } : {}),
    ...(child.schoolYear ? { schoolYear: child.schoolYear } : {}),
    ...(groups ? { groups } : {}),
    ...(h.householdSize !== undefined ? { householdSize: h.householdSize } : {}),
    ...(h.monthlyIncome !== undefined ? { monthlyIncome: h.monthlyIncome } : {}),
    dontKnow,
  };
}
