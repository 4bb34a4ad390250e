import type { ServerIdentity } from '../snapshot';
import { availableParams, findParam, unavailableReason } from './catalogue';
import { crossFieldErrors } from './cross-rules';
import { parseParamValue, type RawValue } from './parse-value';
import { sameValue, type CurrentConfig } from './values';

/**
 * The editor's gate: decides whether a requested change may go to the server as one atomic
 * CONFIG SET, before Redis is touched. Pure, so the browser form and the API route agree.
 */

export type ValidationResult =
  | {
      ok: true;
      /** Only the parameters whose value changes, Redis-ready: exactly what CONFIG SET should send. */
      normalized: Record<string, string>;
      /** Every parameter this server has, current merged with the change (null = unknown). */
      effective: Record<string, string | null>;
      /** Parameters given with the value they already have. */
      noop: string[];
    }
  | {
      ok: false;
      /** Keyed by parameter name, or '_form' for the change as a whole. */
      errors: Record<string, string>;
    };

export function validateChanges(
  changes: Record<string, RawValue>,
  current: CurrentConfig,
  server: Pick<ServerIdentity, 'engine' | 'version'>,
  reported?: ReadonlySet<string>,
): ValidationResult {
  // A Map, then Object.fromEntries: a request naming "__proto__" must get an error, not a prototype.
  const errors = new Map<string, string>();
  const normalized = new Map<string, string>();
  const noop: string[] = [];

  for (const [name, raw] of Object.entries(changes)) {
    const unavailable = unavailableReason(name, server, reported);
    const spec = findParam(name);
    if (unavailable || !spec) {
      errors.set(name, unavailable ?? `"${name}" is not an active-defrag parameter`);
      continue;
    }
    const parsed = parseParamValue(spec, raw);
    if (!parsed.ok) errors.set(name, parsed.error);
    else if (sameValue(spec.kind, parsed.value, current[name])) noop.push(name);
    else normalized.set(name, parsed.value);
  }

  const effective: Record<string, string | null> = {};
  for (const p of availableParams(server, reported)) {
    // A value the operator tried to change but got wrong is unknown, not the old value: checking the
    // other side of its pair against the old value would report a conflict the operator never asked for.
    effective[p.name] = errors.has(p.name) ? null : (normalized.get(p.name) ?? current[p.name] ?? null);
  }

  for (const [name, message] of crossFieldErrors(effective, new Set(normalized.keys()))) errors.set(name, message);

  if (errors.size > 0) return { ok: false, errors: Object.fromEntries(errors) };
  if (normalized.size === 0) return { ok: false, errors: { _form: nothingToChange(noop) } };
  return { ok: true, normalized: Object.fromEntries(normalized), effective, noop };
}

function nothingToChange(noop: readonly string[]): string {
  if (noop.length === 0) return 'Nothing to change: no parameters were given.';
  return `Nothing to change: ${noop.join(', ')} already ${noop.length === 1 ? 'has' : 'have'} the requested value${noop.length === 1 ? '' : 's'}.`;
}
