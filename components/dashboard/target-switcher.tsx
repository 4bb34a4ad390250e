'use client';

import { useRouter } from 'next/navigation';
import type { TargetSummary } from '@/lib/snapshot';

export function TargetSwitcher({ targets, currentId }: { targets: TargetSummary[]; currentId: string }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-zinc-500">target</span>
      <select
        data-testid="target-switcher"
        className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        value={currentId}
        onChange={(event) => router.push(`/?target=${encodeURIComponent(event.target.value)}`)}
      >
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.address})
          </option>
        ))}
      </select>
    </label>
  );
}
