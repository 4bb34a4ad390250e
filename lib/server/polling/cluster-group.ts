import 'server-only';
import type { Cluster, Redis } from 'ioredis';
import { readClusterNodes, type ClusterNode } from '@/lib/info-parser';
import { scrubSecret, slugify, type TargetConfig } from '../core/env';
import { createClusterClient } from '../redis/clients';

export interface ClusterMember {
  targetId: string;
  node: ClusterNode;
}

export interface ClusterGroupOptions {
  tlsCa: string | null;
  /** How often CLUSTER NODES is read again to follow topology changes. */
  refreshMs?: number;
  /** Called with each node's target config when it appears, and its id when it leaves. */
  onAdd: (target: TargetConfig) => void;
  onRemove: (targetId: string) => void;
}

const REFRESH_MS = 10_000;

/**
 * A `cluster+redis://` target: ioredis's cluster client keeps a connection to whichever nodes are
 * reachable (so the seed may die), and every refresh reads CLUSTER NODES from one of them. CLUSTER
 * NODES rather than the client's slot map, because a primary with no slots yet (just added) or a
 * replica is still a server whose memory we must watch. Each node becomes an ordinary target with
 * its own poller; the group only adds and removes them.
 */
export class ClusterGroup {
  private client: Cluster | null = null;
  private timer: NodeJS.Timeout | null = null;
  private members = new Map<string, ClusterMember>();
  private lastError: string | null = null;

  constructor(
    readonly target: TargetConfig,
    private readonly options: ClusterGroupOptions,
  ) {}

  get error(): string | null {
    return this.lastError;
  }

  /** The nodes as of the last refresh, primaries first. */
  list(): ClusterMember[] {
    return [...this.members.values()].sort((a, b) => (a.node.role === b.node.role ? a.node.port - b.node.port : a.node.role === 'primary' ? -1 : 1));
  }

  start(): void {
    this.client = createClusterClient(this.target, { tlsCa: this.options.tlsCa, refreshMs: this.options.refreshMs ?? REFRESH_MS });
    this.client.on('error', (error: Error) => {
      this.lastError = scrubSecret(error.message, this.target);
    });
    this.client.connect().catch(() => undefined);
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? REFRESH_MS);
    this.timer.unref();
    void this.refresh();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.client?.disconnect();
    this.client = null;
  }

  /** Reads CLUSTER NODES and adds or removes node targets to match. Exposed for tests. */
  async refresh(): Promise<void> {
    const nodes = await this.readNodes();
    if (!nodes) return;
    const seen = new Set<string>();
    for (const node of nodes) {
      const target = this.nodeTarget(node);
      seen.add(target.id);
      const known = this.members.get(target.id);
      this.members.set(target.id, { targetId: target.id, node });
      if (!known) this.options.onAdd(target);
    }
    for (const id of [...this.members.keys()]) {
      if (!seen.has(id)) {
        this.members.delete(id);
        this.options.onRemove(id);
      }
    }
  }

  private async readNodes(): Promise<ClusterNode[] | null> {
    const client = this.client;
    if (!client) return null;
    // Any reachable node will do; a plain connection to the seed covers the first refresh.
    const candidates: Array<Pick<Redis, 'call'>> = [...client.nodes('all'), client];
    for (const node of candidates) {
      try {
        const text = String(await node.call('CLUSTER', 'NODES'));
        this.lastError = null;
        return readClusterNodes(text);
      } catch (error) {
        this.lastError = scrubSecret((error as Error).message, this.target);
      }
    }
    return null;
  }

  /** A node's own target: the cluster's credentials and TLS, the node's address. */
  private nodeTarget(node: ClusterNode): TargetConfig {
    const url = new URL(this.target.url);
    url.hostname = node.host.includes(':') ? `[${node.host}]` : node.host;
    url.port = String(node.port);
    const address = `${node.host}:${node.port}`;
    return {
      ...this.target,
      id: `${this.target.id}-${slugify(address)}`.slice(0, 64),
      name: `${this.target.name} ${address}`,
      url: url.toString(),
      address,
      cluster: false,
      group: { clusterId: this.target.id, clusterName: this.target.name },
    };
  }
}
