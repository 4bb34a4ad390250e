import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsListSchema } from '@/lib/alerts/api-schema';
import { parseAlertRules } from '@/lib/alerts/rules-config';
import { startAlerting } from './alert-manager';
import { alertsList } from './alerts-routes';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('GET /api/alerts body', () => {
  it('lists active alerts (optionally of one target) and the effective rules, in the shape the browser checks', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-alerts-api-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const parsed = parseAlertRules('{"target-down":{"forSeconds":10}}');
    if (!parsed.ok) throw new Error('rules');
    let now = 1_800_000_000_000;
    const poller = (id: string) => ({ target: { id }, subscribe: () => () => undefined });
    const manager = startAlerting({ pollers: [poller('a'), poller('b')], dataDir, rules: parsed.rules, now: () => now, tickMs: 0, log: () => undefined });
    cleanups.push(() => manager.stop());
    await manager.ready;
    now += 10_000;
    await manager.tick();

    const all = alertsListSchema.parse(alertsList(manager));
    expect(all.now).toBe(now);
    expect(all.active.map((a) => `${a.targetId}:${a.rule}`).sort()).toEqual(['a:target-down', 'b:target-down']);
    expect(all.rules.find((r) => r.id === 'target-down')).toMatchObject({ enabled: true, params: { forSeconds: 10 } });
    expect(all.webhook).toEqual({ configured: false });
    expect(alertsList(manager, 'b').active).toMatchObject([{ targetId: 'b', title: 'Target down', message: 'no good sample for 10 s' }]);
  });
});
