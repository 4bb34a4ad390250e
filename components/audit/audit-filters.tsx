'use client';

import { AUDIT_RESULTS } from '@/lib/audit/api-schema';

export interface AuditFilterValues {
  /** Exact actor label ("admin", "alice", "scheduler"); empty = anyone. */
  actor: string;
  /** One of AUDIT_RESULTS; empty = any. */
  result: string;
}

/** Narrow a long audit log by who did it and how it ended (the target is the page's). */
export function AuditFilters({ value, onChange }: { value: AuditFilterValues; onChange: (next: AuditFilterValues) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="audit-filters">
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">actor</span>
        <input
          data-testid="audit-filter-actor"
          value={value.actor}
          maxLength={64}
          placeholder="anyone"
          onChange={(e) => onChange({ ...value, actor: e.target.value })}
          className="w-32 rounded border border-zinc-300 bg-white px-2 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">result</span>
        <select
          data-testid="audit-filter-result"
          value={value.result}
          onChange={(e) => onChange({ ...value, result: e.target.value })}
          className="rounded border border-zinc-300 bg-white px-2 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">any</option>
          {AUDIT_RESULTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
