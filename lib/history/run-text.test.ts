import { describe, expect, it } from 'vitest';
import type { RunProgress } from './defrag-runs';
import { runText } from './run-text';

const MB = 1024 * 1024;
const base: RunProgress = {
  status: 'running',
  elapsedMs: 8000,
  reclaimedRssBytes: 0,
  reclaimedFragBytes: -440,
  fractionReclaimed: 0,
  targetFragBytes: 6 * MB,
  fractionOfReclaimable: 0,
  etaMs: null,
  converging: false,
  trend: 'flat',
  fragBytesPerSec: 0,
  pass: { index: 0, fraction: 0.32, keysPerSec: 40_000, etaMs: 16_000 },
};

describe('runText: no two figures contradict each other', () => {
  it('8 s into a healthy first pass: the pass is the progress, no "done 0%", no negative reclaim, no "not converging"', () => {
    const t = runText(base);
    expect(t).toEqual({
      rss: 'none yet',
      frag: 'none yet',
      done: null,
      pass: '1: 32%',
      passEta: 'pass ends in about 16 s',
      finish: 'at the earliest when this pass ends, in about 16 s',
    });
  });

  it('a few KiB reclaimed of a hundred MiB mid-pass: still no "done 0%" (a CI run showed it beside "pass 1: 87.4%")', () => {
    const t = runText({ ...base, reclaimedFragBytes: 8_000, fractionOfReclaimable: 8_000 / (110 * MB), pass: { ...base.pass!, fraction: 0.874 } });
    expect(t.done).toBeNull();
    expect(t.frag).toBe('7.8 KiB');
    expect(runText({ ...base, reclaimedFragBytes: 2 * MB, fractionOfReclaimable: 0.02 }).done).toBe('2%');
  });

  it('"not converging" only after a full pass that did not bring fragmentation down', () => {
    expect(runText({ ...base, pass: { ...base.pass!, index: 1 } }).finish).toBe('not converging after 1 full pass');
    expect(runText({ ...base, trend: 'rising', pass: { ...base.pass!, index: 3 } }).finish).toBe('not converging after 3 full passes (fragmentation rising)');
    expect(runText({ ...base, pass: null }).finish).toBe('not known yet (fragmentation drops at the end of a pass)');
    // Flat because the work is done (lab: "done 98.4%" with "not converging after 2 full passes").
    expect(runText({ ...base, reclaimedFragBytes: 153 * MB, fractionOfReclaimable: 0.984, pass: { ...base.pass!, index: 2, etaMs: 5000 } }).finish).toBe(
      'when this pass ends, in about 5 s',
    );
  });

  it('shows "done" once something was reclaimed, and the ETA when converging', () => {
    const t = runText({
      ...base,
      reclaimedFragBytes: 60 * MB,
      reclaimedRssBytes: 50 * MB,
      fractionOfReclaimable: 0.6,
      converging: true,
      trend: 'converging',
      etaMs: 5000,
    });
    expect(t).toMatchObject({ rss: '50 MiB', frag: '60 MiB', done: '60%', finish: 'about 16 s' });
  });

  it('after the run: a growth reads as such, and there is no finish line', () => {
    const t = runText({ ...base, status: 'finished', reclaimedRssBytes: -2 * MB, reclaimedFragBytes: 0, pass: null });
    expect(t).toMatchObject({ rss: 'none (grew by 2 MiB)', frag: 'none', finish: null, pass: null });
    expect(runText({ ...base, status: 'settling', reclaimedRssBytes: 0 }).rss).toBe('none yet');
  });
});
