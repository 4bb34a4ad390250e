import Link from 'next/link';
import { TARGET_VIEWS, targetViewHref, type TargetView } from '@/lib/targets/views';

/** The target's views as links (bookmarkable, middle-click opens a tab); the current one is marked for screen readers too. */
export function ViewTabs({ targetId, view }: { targetId: string; view: TargetView }) {
  return (
    <nav aria-label="Target views" className="overflow-x-auto px-2 sm:px-4" data-testid="view-tabs">
      <ul className="flex gap-1 text-sm">
        {TARGET_VIEWS.map((v) => {
          const active = v.id === view;
          return (
            <li key={v.id}>
              <Link
                href={targetViewHref(targetId, v.id)}
                scroll={false}
                aria-current={active ? 'page' : undefined}
                data-testid={`view-tab-${v.id}`}
                className={`block whitespace-nowrap border-b-2 px-3 py-2 ${
                  active
                    ? 'border-zinc-900 font-semibold dark:border-zinc-100'
                    : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white'
                }`}
              >
                {v.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
