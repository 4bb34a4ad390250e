export {
  BASELINE_NAME_MAX,
  BASELINE_NOTE_MAX,
  BASELINE_TRIGGERS,
  baselineCreateSchema,
  baselineSchema,
  type Baseline,
  type BaselineCreate,
  type BaselineTrigger,
} from './schema';
export {
  FIGURES,
  FIGURE_NAMES,
  momentFromBaseline,
  momentFromFigures,
  momentFromSnapshot,
  type FigureBetter,
  type FigureKind,
  type FigureName,
  type FigureSpec,
  type Figures,
  type Moment,
} from './moment';
export {
  DEFAULT_USED_TOLERANCE,
  DEFAULT_USED_TOLERANCE_BYTES,
  RSS_MIN_FALL_BYTES,
  RSS_MIN_FALL_RELATIVE,
  compareMoments,
  compareRows,
  type CompareOptions,
  type Comparison,
  type ComparisonRow,
  type Verdict,
  type VerdictStatus,
} from './compare';
export { CSV_HEADER, csvField, escapeMarkdown, toCsv, toJson, toMarkdown, type ComparisonJson, type ExportMeta } from './export';
export { formatChange, formatCount, formatFigure, formatRelative } from './figure-text';
