'use client';

import { useRouter } from 'next/navigation';
import { targetsResponseLazy } from '@/lib/client/lazy-schemas';
import { useResource } from '@/lib/client/use-resource';
import type { TargetSummary } from '@/lib/snapshot';
import { targetViewHref, type TargetView } from '@/lib/targets/views';

interface TargetPickerProps {
  /** null: not known to the page (the error page), so they are asked of `GET /api/targets`. */
  targets: TargetSummary[] | null;
  /** The target shown; null on pages about no one target (fleet, 404). */
  currentId: string | null;
  /** Switching target keeps the view the operator is on. */
  view?: TargetView;
}

export function TargetPicker({ targets, currentId, view = 'overview' }: TargetPickerProps) {
  const router = useRouter();
  const fetched = useResource(targets === null ? '/api/targets' : null, targetsResponseLazy);
  const list = targets ?? fetched.data?.targets ?? [];
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="text-zinc-600 dark:text-zinc-300">target</span>
      <select
        data-testid="target-switcher"
        className="min-w-0 max-w-[16rem] rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        value={currentId ?? ''}
        onChange={(event) => {
          if (event.target.value) router.push(targetViewHref(event.target.value, view));
        }}
      >
        {currentId === null ? <option value="">choose a target…</option> : null}
        {list.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.address})
          </option>
        ))}
      </select>
    </label>
  );
}
