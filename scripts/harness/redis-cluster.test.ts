import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startCluster } from './redis-cluster';

describe('startCluster', () => {
  it('starts a 3-primary cluster on free ports that serves every slot', async () => {
    const cluster = await startCluster(3);
    try {
      const client = new Redis(cluster.nodes[0]!.port, '127.0.0.1');
      const nodes = String(await client.call('CLUSTER', 'NODES'))
        .trim()
        .split('\n');
      expect(nodes).toHaveLength(3);
      expect(nodes.filter((l) => l.includes('master'))).toHaveLength(3);
      expect(String(await client.call('CLUSTER', 'INFO'))).toMatch(/cluster_slots_assigned:16384/);
      client.disconnect();
    } finally {
      await cluster.kill();
    }
  });
});
