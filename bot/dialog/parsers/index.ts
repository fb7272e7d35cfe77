/** The parser library for the bot's own question kinds: one import for the dialog engine. */
export { isDenialJoke, parseYesNo, type YesNo, type YesNoOptions } from './yes-no';
export { parseCount, type CountOptions } from './count';
export { parseMoney, type Money } from './money';
export { parseAgeGrade, type AgeGrade } from './age-grade';
export { parseTimeOfDay, type TimeOfDay, type TimeOfDayOptions } from './time-of-day';
export { parseDateTime } from './date-time';
export { matchOption, type MatchOptionSettings } from './option';
export { normaliseAnswer } from './normalise';
export { isSeoulResidence } from './seoul-residence';
