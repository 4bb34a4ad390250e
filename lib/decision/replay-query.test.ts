import { describe, expect, it } from 'vitest';
import { replayQuery } from './replay-query';

describe('replayQuery', () => {
  it('names each value as Redis does, activedefrag as yes/no, and leaves out what the replay does not take', () => {
    const q = new URLSearchParams(
      replayQuery(
        { activedefrag: true, 'active-defrag-ignore-bytes': 1048576, 'active-defrag-threshold-lower': 5, 'active-defrag-max-scan-fields': 10 },
        { from: 1000.4, to: 2000 },
      ),
    );
    expect(Object.fromEntries(q)).toEqual({
      from: '1000',
      to: '2000',
      activedefrag: 'yes',
      'active-defrag-ignore-bytes': '1048576',
      'active-defrag-threshold-lower': '5',
    });
  });
});
