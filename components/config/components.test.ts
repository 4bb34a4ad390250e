import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { findParam } from '@/lib/config-params';
import { ApplyControls, type ApplyControlsProps } from './apply-controls';
import { ApplyOutcomeView } from './apply-outcome';
import { AccessNotes } from './access-notes';
import { ConfigDiffTable } from './config-diff-table';
import { evaluateDraft } from './draft';
import { ParamField } from './param-field';
import { makeView } from './view.test-support';

const DISABLED = /\sdisabled=""/;
const tag = (html: string, testid: string) => new RegExp(`<[^>]*data-testid="${testid}"[^>]*>`).exec(html)?.[0] ?? '';
const controls = (patch: Partial<ApplyControlsProps>) =>
  renderToStaticMarkup(
    createElement(ApplyControls, {
      raises: [],
      targetName: 'default',
      confirmName: '',
      onConfirmName: () => {},
      rewrite: false,
      onRewrite: () => {},
      configFile: null,
      blocked: null,
      pending: false,
      onApply: () => {},
      ...patch,
    }),
  );

describe('ApplyControls', () => {
  it('no raise: no name field, apply enabled', () => {
    const html = controls({});
    expect(html).not.toContain('config-confirm-name');
    expect(tag(html, 'config-apply')).not.toMatch(DISABLED);
  });

  it('a raise: the reasons and the name field; apply only once the name matches exactly', () => {
    const raises = ['cycle-max rises from 25 % to 50 %: a pass may take more CPU from client commands.'];
    expect(tag(controls({ raises }), 'config-apply')).toMatch(DISABLED);
    expect(controls({ raises })).toContain('cycle-max rises from 25 % to 50 %');
    expect(tag(controls({ raises, confirmName: 'Default' }), 'config-apply')).toMatch(DISABLED);
    expect(tag(controls({ raises, confirmName: 'default' }), 'config-apply')).not.toMatch(DISABLED);
  });

  it('warns that CONFIG REWRITE fails without a config file', () => {
    expect(controls({ configFile: null })).toContain('data-testid="config-rewrite-warning"');
    expect(controls({ configFile: '/etc/redis/redis.conf' })).not.toContain('config-rewrite-warning');
  });
});

describe('ApplyOutcomeView', () => {
  it('shows the read-back values and the audit id', () => {
    const html = renderToStaticMarkup(
      createElement(ApplyOutcomeView, {
        outcome: {
          kind: 'applied',
          result: {
            before: { 'active-defrag-cycle-max': '25' },
            after: { 'active-defrag-cycle-max': '10' },
            requested: { 'active-defrag-cycle-max': '10' },
            rewrite: { ok: false, error: 'ERR The server is running without a config file' },
            auditId: 'a1-0000abcd',
          },
        },
      }),
    );
    expect(html).toMatch(/data-testid="config-result-active-defrag-cycle-max"/);
    expect(html).toContain('10 %');
    expect(html).toContain('a1-0000abcd');
    expect(html).toContain('ERR The server is running without a config file');
    expect(html).not.toContain('differs from the requested');
  });

  it("shows Redis's text verbatim on 502", () => {
    const message =
      "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc";
    const html = renderToStaticMarkup(
      createElement(ApplyOutcomeView, { outcome: { kind: 'failed', failure: { status: 502, code: 'redis_refused', message } } }),
    );
    expect(tag(html, 'config-error')).toContain('data-status="502"');
    expect(html).toContain('Redis refused the change');
    expect(html).toContain(message.replace(/'/g, '&#x27;'));
  });

  it('says to sign in on 401', () => {
    const html = renderToStaticMarkup(
      createElement(ApplyOutcomeView, { outcome: { kind: 'failed', failure: { status: 401, code: 'unauthorized', message: 'sign in' } } }),
    );
    expect(html).toContain('Not signed in');
  });
});

describe('ParamField, diff, access notes', () => {
  it('renders the current value, range, help and error', () => {
    const html = renderToStaticMarkup(
      createElement(ParamField, {
        spec: findParam('active-defrag-cycle-max')!,
        current: '25',
        value: '100',
        error: 'Must be between 1 and 99 inclusive.',
        disabled: false,
        onChange: () => {},
      }),
    );
    expect(tag(html, 'config-param-active-defrag-cycle-max')).toContain('data-changed="true"');
    expect(html).toContain('1–99 % CPU');
    expect(tag(html, 'config-input-active-defrag-cycle-max')).toContain('value="100"');
    expect(html).toContain('✗ Must be between 1 and 99 inclusive.');
  });

  it('a bool is a yes/no select, disabled when read-only', () => {
    const html = renderToStaticMarkup(
      createElement(ParamField, { spec: findParam('activedefrag')!, current: 'no', value: 'no', error: null, disabled: true, onChange: () => {} }),
    );
    expect(tag(html, 'config-input-activedefrag')).toMatch(/^<select[^>]*disabled/);
  });

  it('the diff has a row per changed parameter', () => {
    const view = makeView();
    const html = renderToStaticMarkup(createElement(ConfigDiffTable, { rows: evaluateDraft({ 'active-defrag-ignore-bytes': '200mb' }, view).diff }));
    expect(html).toMatch(/data-testid="config-diff-active-defrag-ignore-bytes"/);
    expect(html).toContain('100mb');
    expect(html).toContain('200mb');
  });

  it('read-only: the reason; a running window: its restore note', () => {
    const view = makeView({
      access: { allowed: false, writesEnabled: false, signedInAs: null, targetReadonly: false, configUnavailable: null, reason: 'writes are disabled' },
      activeWindow: { windowId: 'w-0123456789ab', end: Date.UTC(2026, 10, 24, 4), saved: { 'active-defrag-cycle-max': '25', activedefrag: 'no' } },
    });
    const html = renderToStaticMarkup(createElement(AccessNotes, { view }));
    expect(html).toContain('Read-only: writes are disabled');
    expect(html).toContain('data-testid="config-active-window"');
    expect(html).toContain('active-defrag-cycle-max 25 %');
  });
});
