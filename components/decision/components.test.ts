import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { decide } from '@/lib/decision/decide';
import { diagnose } from '@/lib/decision/diagnose';
import { makeSnapshot, MB, withFrag, type SnapshotPatch } from '@/lib/decision/snapshot.test-support';
import type { ConfigOverrides } from '@/lib/decision/types';
import { DecisionPanel } from './decision-panel';
import { DecisionTree } from './decision-tree';
import { DiagnosisList } from './diagnosis-list';
import { WhatIfPanel } from './what-if-panel';

const tree = (patch?: SnapshotPatch, overrides?: ConfigOverrides) =>
  renderToStaticMarkup(createElement(DecisionTree, { decision: decide(makeSnapshot(patch), overrides) }));
const panel = (patch?: SnapshotPatch) => renderToStaticMarkup(createElement(DecisionPanel, { decision: decide(makeSnapshot(patch)) }));
/** The attributes of the element carrying this data-testid. */
const tag = (html: string, testid: string) => new RegExp(`<[^>]*data-testid="${testid}"[^>]*>`).exec(html)?.[0] ?? '';

describe('DecisionTree', () => {
  it('draws every node with a state, and the verdict with its CPU', () => {
    const html = tree();
    expect(tag(html, 'decision-tree')).toContain('data-verdict="will-run"');
    for (const id of ['enabled', 'supported', 'no-fork-child', 'frag-pct', 'frag-bytes']) {
      expect(tag(html, `decision-node-${id}`)).toContain('data-state="pass"');
    }
    expect(tag(html, 'decision-verdict')).toContain('data-verdict="will-run"');
    expect(html).toMatch(/data-testid="decision-cpu"[^>]*>25% CPU</);
    expect(html).toContain('173%');
    expect(html).toContain('224 MiB');
    expect(html).toContain('✓');
  });

  it('marks the blocking node and takes the rest off the live path', () => {
    const html = tree({ info: withFrag(3, 200 * MB) });
    expect(tag(html, 'decision-node-frag-pct')).toMatch(/data-state="fail" data-blocking="true" data-on-path="true"/);
    expect(tag(html, 'decision-node-frag-bytes')).toContain('data-on-path="false"');
    expect(html).toContain('✗ blocking');
    expect(html).toContain('no: stops here');
    expect(tag(html, 'decision-verdict')).toContain('data-verdict="will-not-run"');
    expect(html).toMatch(/data-testid="decision-cpu"[^>]*>no CPU</);
  });

  it('shows unknown nodes with ? and the word', () => {
    const html = tree({ config: { activedefrag: false }, derived: { defragSupported: null } }, { activedefrag: true });
    expect(tag(html, 'decision-node-supported')).toContain('data-state="unknown"');
    expect(tag(html, 'decision-verdict')).toContain('data-verdict="unknown"');
    expect(html).toContain('cannot tell: assumed yes');
    expect(html).toContain('what-if');
  });

  it('running: thresholds are marked as not re-checked', () => {
    const html = tree({ info: { active_defrag_running: 25, ...withFrag(4, 5 * MB) } });
    expect(tag(html, 'decision-verdict')).toContain('data-verdict="running"');
    expect(tag(html, 'decision-node-frag-pct')).toContain('data-state="fail"');
    expect(tag(html, 'decision-node-frag-pct')).not.toContain('data-blocking');
    expect(html).toContain('not re-checked while running');
    expect(html).toMatch(/data-testid="decision-cpu"[^>]*>at 25% CPU</);
  });

  it('Redis 8: the CPU is an upper bound', () => {
    const html = tree({ server: { version: '8.0.2' } });
    expect(html).toMatch(/data-testid="decision-cpu"[^>]*>≤ 25% CPU</);
    expect(html).toContain('Upper bound');
  });
});

describe('DecisionPanel', () => {
  it('shows the rule of thumb beside the tree, and the disagreement', () => {
    const html = panel({ info: { mem_fragmentation_ratio: 2.8, ...withFrag(3, 4 * MB) } });
    expect(tag(html, 'rule-of-thumb')).toContain('data-health="high"');
    expect(html).toMatch(/data-branch="high" data-active="true"/);
    expect(html).toContain('2.80');
    expect(html).toContain('data-testid="decision-disagreement"');
    expect(html).toContain('defrag will not help');
  });

  it('no disagreement, no warnings: neither block is drawn', () => {
    const html = panel();
    expect(html).not.toContain('decision-disagreement');
    expect(html).not.toContain('decision-warnings');
  });

  it('lists warnings', () => {
    expect(panel({ info: { used_memory: MB } })).toContain('data-testid="decision-warnings"');
  });
});

describe('DiagnosisList', () => {
  it('renders items with severity word and advice', () => {
    const s = makeSnapshot({ config: { activedefrag: false }, derived: { defragSupported: false, defragUnsupportedReason: 'no jemalloc' } });
    const html = renderToStaticMarkup(createElement(DiagnosisList, { items: diagnose(s, decide(s)) }));
    expect(tag(html, 'diagnosis-not-starting-supported')).toContain('data-severity="error"');
    expect(html).toContain('Problem:');
    expect(html).toContain('npm run lab -- build');
  });
});

describe('WhatIfPanel', () => {
  const config = makeSnapshot().config;
  it('renders the five inputs with current values as placeholders, and reset', () => {
    const html = renderToStaticMarkup(createElement(WhatIfPanel, { config, onChange: () => {} }));
    expect(tag(html, 'what-if-input-active-defrag-ignore-bytes')).toContain('placeholder="100mb"');
    expect(tag(html, 'what-if-input-active-defrag-cycle-max')).toContain('placeholder="25"');
    expect(html).toContain('data-testid="what-if-reset"');
    expect(html).not.toContain('what-if-carry');
  });

  it('renders the carry button only when onCarryToEditor is given (disabled until something changes)', () => {
    const html = renderToStaticMarkup(createElement(WhatIfPanel, { config, onChange: () => {}, onCarryToEditor: () => {} }));
    expect(tag(html, 'what-if-carry')).toContain('disabled');
  });

  it('is disabled in the server HTML, so nothing can be picked before React runs it', () => {
    const html = renderToStaticMarkup(createElement(WhatIfPanel, { config, onChange: () => {} }));
    expect(tag(html, 'what-if-controls')).toContain('disabled');
  });
});
