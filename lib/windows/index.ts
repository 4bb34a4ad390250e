export {
  MAX_ONCE_MS,
  WEEKDAY_NAMES,
  storedWindowSchema,
  windowSpecSchema,
  type OnceSpec,
  type RecurringSpec,
  type StoredWindow,
  type WindowSpec,
} from './schema';
export { SEARCH_DAYS, activeOccurrence, nextOccurrences, occurrencesBetween, type Occurrence } from './occurrences';
export { OVERLAP_HORIZON_DAYS, SELF_OVERLAP_ID, findOverlap, selfOverlap, type OverlapHit } from './overlap';
export { describeWindow, formatDuration, formatWeekdays } from './describe';
