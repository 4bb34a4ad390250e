import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '@/lib/api-error';
import { clusterApplyResultSchema, clusterListResponseSchema } from '@/lib/fleet/api-schema';
import { startCluster, type RedisCluster } from '@/scripts/harness/redis-cluster';
import { clusterConfigResponse, clusterListResponse } from '../fleet/cluster-routes';
import { getHub, type Hub } from '../core/hub';

/** A real 3-primary Redis Cluster on free ports, watched through the process hub as the app does. */
describe('cluster+redis:// targets', () => {
  const TOKEN = 'cluster-test-token-0123456789';
  let cluster: RedisCluster;
  let hub: Hub;

  beforeAll(async () => {
    cluster = await startCluster(3);
    process.env.FRAGSCOPE_TARGETS = `shop=${cluster.targetUrl}`;
    process.env.FRAGSCOPE_POLL_MS = '200';
    process.env.FRAGSCOPE_CLUSTER_REFRESH_MS = '500';
    process.env.FRAGSCOPE_ADMIN_TOKEN = TOKEN;
    process.env.FRAGSCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fragscope-cluster-'));
    hub = getHub();
  }, 30_000);

  afterAll(async () => {
    await hub?.stop();
    await cluster?.kill();
  });

  async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out; last ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('discovers every node and polls each one as its own target', async () => {
    const ids = await until(
      () => [...hub.pollers.keys()].sort(),
      (ids) => ids.length === 3,
      20_000,
    );
    expect(ids).toEqual(cluster.nodes.map((n) => `shop-127-0-0-1-${n.port}`).sort());
    for (const id of ids) {
      const snapshot = await until(
        () => hub.get(id)!.lastOk(),
        (s) => s !== null,
      );
      expect(snapshot!.server.engine).toBe('redis');
      expect(hub.get(id)!.target.group).toEqual({ clusterId: 'shop', clusterName: 'shop' });
    }
    // Roles and slots come from the next CLUSTER NODES refresh, which may trail the first samples under load.
    const body = await until(
      async () => clusterListResponseSchema.parse(await clusterListResponse().json()),
      (b) => b.clusters[0]?.nodes.length === 3 && b.clusters[0].nodes.every((n) => n.slots > 0),
      20_000,
    );
    expect(body.clusters[0]!.nodes.map((n) => [n.role, n.slots > 0])).toEqual([
      ['primary', true],
      ['primary', true],
      ['primary', true],
    ]);
  });

  it('applies one config change to all primaries with a result per node, and refuses without the token', async () => {
    const url = 'http://127.0.0.1/api/clusters/shop/config';
    const body = JSON.stringify({ changes: { 'active-defrag-cycle-max': '15' }, scope: 'primaries' });
    const refused = await clusterConfigResponse('shop', new Request(url, { method: 'POST', body, headers: { host: '127.0.0.1' } }));
    expect(refused.status).toBe(401);
    expect(apiErrorSchema.parse(await refused.json()).error.code).toBe('unauthorized');
    const response = await clusterConfigResponse(
      'shop',
      new Request(url, { method: 'POST', body, headers: { host: '127.0.0.1', authorization: `Bearer ${TOKEN}` } }),
    );
    expect(response.status).toBe(200);
    const result = clusterApplyResultSchema.parse(await response.json());
    expect(result.allApplied).toBe(true);
    expect(result.results).toHaveLength(3);
    for (const node of cluster.nodes) {
      const client = new Redis(node.port, '127.0.0.1');
      expect(((await client.call('CONFIG', 'GET', 'active-defrag-cycle-max')) as string[])[1]).toBe('15');
      client.disconnect();
    }
    const audit = await hub.audit.list();
    expect(audit.entries.filter((e) => e.result === 'applied')).toHaveLength(3);
  });

  it('follows a topology change: a node joining the cluster is polled within a refresh', async () => {
    const node = await cluster.addNode();
    const id = `shop-127-0-0-1-${node.port}`;
    await until(
      () => hub.get(id)?.lastOk() ?? null,
      (s) => s !== null,
      15_000,
    );
    expect(hub.pollers.size).toBe(4);
  });
});
