import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import { addDays, seoulInstant } from '../../bot/calendar';
import {
  GRADES,
  gradeOrder,
  neighbouringGrades,
  type Grade,
  type QuestionBank,
  type QuizItem,
  type Subject,
} from '../../knowledge/quiz/bank';

/**
 * Spaced repetition (FSRS-6 through ts-fsrs, default parameters) and the choice of each day's
 * questions. Right/wrong maps to Good/Again (the "binary" FSRS variant, reference §A1). Short-term
 * minute steps are off: a daily quiz cannot show a card again in ten minutes.
 */
const scheduler = fsrs({ enable_short_term: false });

/** A fresh card or the next state of `card` after a right or wrong answer at `now`. */
export function reviewCard(card: Card | null, correct: boolean, now: Date): Card {
  return scheduler.next(card ?? createEmptyCard(now), now, correct ? Rating.Good : Rating.Again).card;
}

/** Probability the student still remembers the item at `now` (0..1). */
export function retrievability(card: Card, now: Date): number {
  return scheduler.get_retrievability(card, now, false);
}

/** A card as stored (JSON): dates become ISO strings. */
export const cardToJson = (card: Card): Record<string, unknown> => ({
  ...card,
  due: card.due.toISOString(),
  last_review: card.last_review ? card.last_review.toISOString() : null,
});

/** A stored card back to ts-fsrs's shape. */
export function cardFromJson(json: Record<string, unknown>): Card {
  return {
    ...(json as unknown as Card),
    due: new Date(String(json.due)),
    last_review: json.last_review ? new Date(String(json.last_review)) : undefined,
  };
}

/** A student's card as selection sees it. */
export interface StudentCard {
  itemId: string;
  card: Card;
}

export interface SetRequest {
  bank: QuestionBank;
  grade: Grade;
  subjects: readonly Subject[];
  count: number;
  cards: readonly StudentCard[];
  now: Date;
  /** The Korean date the set is for. */
  today: string;
  /** Spreads students over different item orders; stable per student. */
  seed: string;
  /** Share of right answers lately (null: not enough answers yet). */
  accuracy: number | null;
  /** Items not to pick again today (already in another set today). */
  exclude?: ReadonlySet<string>;
}

export interface DailySet {
  items: string[];
  reviews: number;
  fresh: number;
  /**
   * Subjects whose items at the student's grade the student has really answered, every one; only
   * these are widened to neighbouring grades.
   */
  exhausted: Subject[];
  /** Other grades new items came from (widened because of exhaustion). */
  widenedTo: Grade[];
  /** Subjects with no items at all at the student's grade yet (content still being written). */
  notReady: Subject[];
  /** No new items anywhere: the set repeats the items most likely forgotten (and says so). */
  earlyReview: boolean;
}

/** A small stable hash (FNV-1a) so each student gets their own order without randomness. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const itemHashes = new Map<string, number>();
/** The hash of an item id, computed once per process (ids are immutable). */
function itemHash(id: string): number {
  let h = itemHashes.get(id);
  if (h === undefined) {
    h = hash(id);
    itemHashes.set(id, h);
  }
  return h;
}

const bandCache = new WeakMap<readonly QuizItem[], Map<number, QuizItem[][]>>();
/**
 * A grade's items in bands of equal distance from `target` difficulty, nearest band first, each
 * band in a fixed order by item-id hash. Cached per bank list (banks are immutable once loaded).
 */
function bandsFor(items: readonly QuizItem[], target: number): QuizItem[][] {
  let byTarget = bandCache.get(items);
  if (!byTarget) {
    byTarget = new Map();
    bandCache.set(items, byTarget);
  }
  let bands = byTarget.get(target);
  if (!bands) {
    const grouped = new Map<number, QuizItem[]>();
    for (const item of items) {
      const distance = Math.abs(item.difficulty - target);
      const band = grouped.get(distance);
      if (band) band.push(item);
      else grouped.set(distance, [item]);
    }
    bands = [...grouped.keys()]
      .sort((a, b) => a - b)
      .map((distance) =>
        (grouped.get(distance) as QuizItem[]).sort(
          (a, b) => itemHash(a.id) - itemHash(b.id) || a.id.localeCompare(b.id),
        ),
      );
    byTarget.set(target, bands);
  }
  return bands;
}

/** A 32-bit integer mix (murmur3 finaliser): spreads seed ^ item into a stable per-student order. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Difficulty to aim for: easy at the start and while struggling, harder when it goes well. */
export function targetDifficulty(accuracy: number | null): number {
  if (accuracy === null) return 1.5;
  if (accuracy < 0.5) return 1;
  return accuracy > 0.8 ? 3 : 2;
}

/**
 * The day's questions: due reviews first (most overdue first, leaving room for one new item when
 * there is one), then new items at the right difficulty, subjects taken in turn. A subject whose
 * grade the student has answered completely widens to neighbouring grades; a subject with no items
 * at the grade yet is reported as not ready (never as finished); with nothing new anywhere, the
 * items most likely forgotten are reviewed early — never a silent repeat.
 */
export function chooseDailySet(request: SetRequest): DailySet {
  const { bank, count, now } = request;
  const exclude = request.exclude ?? new Set<string>();
  const endOfToday = seoulInstant(addDays(request.today, 1));
  const seen = new Set(request.cards.map((c) => c.itemId));
  const active = (id: string) => bank.byId.has(id) && !bank.isRetired(id) && !exclude.has(id);
  const subjectOk = (id: string) => request.subjects.includes(bank.byId.get(id)?.subject as Subject);

  const due = request.cards
    .filter((c) => c.card.due < endOfToday && active(c.itemId) && subjectOk(c.itemId))
    .sort((a, b) => a.card.due.getTime() - b.card.due.getTime() || a.itemId.localeCompare(b.itemId));

  const target = targetDifficulty(request.accuracy);
  // Only the first `count` new items of a grade can be used today. Each grade's items are grouped
  // once per process into difficulty bands (nearest the target first) in a fixed hashed order; a
  // student walks each band from their own starting point, skipping what they have seen. That keeps
  // the fan-out's per-student cost near `count`, not the size of the bank.
  const seedHash = hash(request.seed);
  const order = (items: readonly QuizItem[]): QuizItem[] => {
    const out: QuizItem[] = [];
    bandsFor(items, target).forEach((band, b) => {
      const start = mix(seedHash ^ (b + 1)) % Math.max(band.length, 1);
      for (let k = 0; k < band.length && out.length < count; k++) {
        const item = band[(start + k) % band.length] as QuizItem;
        if (!seen.has(item.id) && active(item.id)) out.push(item);
      }
    });
    return out;
  };

  // Own grade first. Neighbouring grades (nearest, lower first) only once the student has really
  // answered every item of their own grade — never because their grade has few or no items.
  // One pass per subject, stopping at the first unanswered item (a new student stops at once).
  const ownStatus = (subject: Subject): 'empty' | 'answered' | 'open' => {
    let any = false;
    for (const item of bank.itemsFor(subject, request.grade)) {
      if (bank.isRetired(item.id)) continue;
      any = true;
      if (!seen.has(item.id)) return 'open';
    }
    return any ? 'answered' : 'empty';
  };
  const statuses = new Map(request.subjects.map((subject) => [subject, ownStatus(subject)]));
  const exhaustedSubjects = request.subjects.filter((subject) => statuses.get(subject) === 'answered');
  const notReady = request.subjects.filter((subject) => statuses.get(subject) === 'empty');
  const queues = request.subjects.map((subject) => [
    ...order(bank.itemsFor(subject, request.grade)),
    ...(exhaustedSubjects.includes(subject)
      ? neighbouringGrades(request.grade, GRADES.length).flatMap((grade) =>
          order(bank.itemsFor(subject, grade)),
        )
      : []),
  ]);
  const freshAvailable = queues.reduce((n, q) => n + q.length, 0);

  const reviewSlots = freshAvailable > 0 ? Math.max(count - 1, 0) : count;
  const items = due.slice(0, reviewSlots).map((c) => c.itemId);
  const reviews = items.length;
  // Start with a different subject each day so one subject does not always come first.
  let turn = hash(`${request.seed}:${request.today}`) % Math.max(queues.length, 1);
  const cursor = queues.map(() => 0);
  while (items.length < count && queues.some((q, i) => (cursor[i] ?? 0) < q.length)) {
    const index = turn % queues.length;
    const queue = queues[index] as QuizItem[];
    const at = cursor[index] ?? 0;
    if (at < queue.length) {
      const item = queue[at] as QuizItem;
      if (!items.includes(item.id)) items.push(item.id);
      cursor[index] = at + 1;
    }
    turn += 1;
  }
  const fresh = items.length - reviews;
  const widenedTo = new Set<Grade>();
  for (const id of items.slice(reviews)) {
    const item = bank.byId.get(id) as QuizItem;
    if (item.grade !== request.grade) widenedTo.add(item.grade);
  }

  let earlyReview = false;
  if (items.length < count) {
    // Everything new is seen: review early what is most likely forgotten, and say so.
    const rest = request.cards
      .filter((c) => active(c.itemId) && subjectOk(c.itemId) && !items.includes(c.itemId))
      .sort(
        (a, b) =>
          retrievability(a.card, now) - retrievability(b.card, now) || a.itemId.localeCompare(b.itemId),
      );
    for (const c of rest.slice(0, count - items.length)) items.push(c.itemId);
    earlyReview = rest.length > 0;
  }
  return {
    items,
    reviews,
    fresh,
    exhausted: exhaustedSubjects,
    widenedTo: [...widenedTo].sort((a, b) => gradeOrder(a) - gradeOrder(b)),
    notReady,
    earlyReview,
  };
}
