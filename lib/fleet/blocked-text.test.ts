import { describe, expect, it } from 'vitest';
import { blockedText } from './blocked-text';

const MiB = 1024 * 1024;

describe('blockedText: the failed condition, said as failed', () => {
  it('never repeats the question as if it held', () => {
    expect(blockedText({ id: 'enabled', label: 'activedefrag enabled', pass: false, actual: false, threshold: true })).toBe('activedefrag is off');
    expect(blockedText({ id: 'supported', label: 'build supports active defrag', pass: false, actual: false, threshold: true })).toMatch(
      /^this build cannot defrag/,
    );
    expect(blockedText({ id: 'no-fork-child', label: 'no fork child', pass: false, actual: 'bgsave', threshold: 'none' })).toMatch(/^a fork child is running/);
  });

  it('says the figures with their units', () => {
    expect(blockedText({ id: 'frag-pct', label: 'allocator frag % >= threshold-lower', pass: false, actual: 3.2, threshold: 10 })).toBe(
      'allocator fragmentation 3.2% is below threshold-lower 10%',
    );
    expect(blockedText({ id: 'frag-bytes', label: 'allocator frag bytes >= ignore-bytes', pass: false, actual: 117 * MiB, threshold: 200 * MiB })).toBe(
      'allocator fragmentation 117 MiB is below ignore-bytes 200 MiB',
    );
    expect(blockedText({ id: 'frag-bytes', label: 'allocator frag bytes >= ignore-bytes', pass: null, actual: null, threshold: 200 * MiB })).toBe(
      'not known whether allocator frag bytes >= ignore-bytes',
    );
  });
});
