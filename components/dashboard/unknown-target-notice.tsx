import type { TargetSummary } from '@/lib/snapshot';

/** `/?target=nope`: say that it does not exist and which target is shown instead, never switch silently. */
export function UnknownTargetNotice({ requested, shown }: { requested: string; shown: TargetSummary }) {
  return (
    <p
      role="alert"
      className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
      data-testid="unknown-target"
    >
      ⚠ There is no target “{requested}”. Showing <b>{shown.name}</b> ({shown.id}) instead; pick another one in the target list.
    </p>
  );
}
