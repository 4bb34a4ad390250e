import type { Condition } from '../decision/types';
import { formatBytes, formatPercent } from '../format';

/**
 * The fleet row's "blocked:" line: the condition that failed, said as failed. A condition's label
 * is its question ("activedefrag enabled"), which after "blocked:" reads as if it held.
 */
export function blockedText(c: Pick<Condition, 'id' | 'label' | 'pass' | 'actual' | 'threshold'>): string {
  const num = (v: Condition['actual']) => (typeof v === 'number' ? v : null);
  if (c.pass === null) return `not known whether ${c.label}`;
  switch (c.id) {
    case 'enabled':
      return 'activedefrag is off';
    case 'supported':
      return 'this build cannot defrag (no modified jemalloc)';
    case 'no-fork-child':
      return 'a fork child is running (BGSAVE / AOF rewrite / module fork)';
    case 'frag-pct':
      return `allocator fragmentation ${formatPercent(num(c.actual))} is below threshold-lower ${formatPercent(num(c.threshold))}`;
    case 'frag-bytes':
      return `allocator fragmentation ${formatBytes(num(c.actual))} is below ignore-bytes ${formatBytes(num(c.threshold))}`;
  }
}
