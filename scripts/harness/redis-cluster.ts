import Redis from 'ioredis';
import { startRedis, type RedisProcess } from './redis-process';

export interface RedisCluster {
  nodes: RedisProcess[];
  /** `cluster+redis://127.0.0.1:<first node port>`: what a Fragscope target for it looks like. */
  targetUrl: string;
  /** Adds a node as a primary without slots (a topology change). */
  addNode(): Promise<RedisProcess>;
  kill(): Promise<void>;
}

const SLOTS = 16384;

/**
 * A real Redis Cluster of `primaries` nodes on free loopback ports (Debian's redis-server),
 * slots split evenly, joined with CLUSTER MEET, resolved when every node reports cluster_state:ok.
 */
export async function startCluster(primaries = 3, binary?: string): Promise<RedisCluster> {
  const args = ['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000', '--cluster-require-full-coverage', 'no'];
  const nodes: RedisProcess[] = [];
  const startNode = async () => {
    // Each node needs its own nodes.conf: the harness gives each server its own temp dir.
    const node = await startRedis({ binary, args: [...args, '--cluster-config-file', 'nodes.conf'] });
    nodes.push(node);
    return node;
  };
  try {
    for (let i = 0; i < primaries; i++) await startNode();
    const clients = nodes.map((n) => new Redis(n.port, '127.0.0.1', { lazyConnect: false, maxRetriesPerRequest: 1 }));
    try {
      const per = Math.ceil(SLOTS / primaries);
      for (const [i, client] of clients.entries()) {
        await client.call('CLUSTER', 'ADDSLOTSRANGE', String(i * per), String(Math.min(SLOTS, (i + 1) * per) - 1));
      }
      for (const node of nodes.slice(1)) await clients[0]!.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port));
      await waitFor(async () => {
        for (const client of clients) {
          const info = String(await client.call('CLUSTER', 'INFO'));
          if (!/cluster_state:ok/.test(info) || !new RegExp(`cluster_known_nodes:${nodes.length}\\b`).test(info)) return false;
        }
        return true;
      }, 20_000);
    } finally {
      for (const c of clients) c.disconnect();
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.kill()));
    throw error;
  }
  return {
    nodes,
    targetUrl: `cluster+redis://127.0.0.1:${nodes[0]!.port}`,
    addNode: async () => {
      const node = await startNode();
      const seed = new Redis(nodes[0]!.port, '127.0.0.1');
      try {
        await seed.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port));
        await waitFor(async () => new RegExp(`cluster_known_nodes:${nodes.length}\\b`).test(String(await seed.call('CLUSTER', 'INFO'))), 20_000);
      } finally {
        seed.disconnect();
      }
      return node;
    },
    kill: async () => {
      await Promise.all(nodes.map((n) => n.kill()));
    },
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the cluster did not converge in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
