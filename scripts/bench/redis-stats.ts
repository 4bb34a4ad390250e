import Redis from 'ioredis';

/** `INFO commandstats` totals (and per command), with the bench's own calls taken out. */
export interface CommandStats {
  calls: number;
  usec: number;
  byCommand: Record<string, { calls: number; usec: number }>;
  /** `total_connections_received` since the reset. */
  connectionsReceived: number;
}

/** The bench's own RESETSTAT: recorded by Redis after it ran, so it is the one call to subtract. */
const OWN_COMMANDS = new Set(['config|resetstat']);

/**
 * The bench's control connection to a lab server (opened before a window, so its handshake is
 * never inside one). A window is: `reset()` (CONFIG RESETSTAT), the work, `read()`. The INFO of
 * `read()` is not counted in its own reply, and RESETSTAT is removed by name, so the figures hold
 * only what others sent.
 */
export class StatsClient {
  private constructor(private readonly client: Redis) {}

  static async connect(url: string): Promise<StatsClient> {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    client.on('error', () => undefined);
    await client.connect();
    return new StatsClient(client);
  }

  async reset(): Promise<void> {
    await this.client.call('CONFIG', 'RESETSTAT');
  }

  async read(): Promise<CommandStats> {
    const text = String(await this.client.call('INFO', 'commandstats', 'stats'));
    const byCommand: CommandStats['byCommand'] = {};
    let calls = 0;
    let usec = 0;
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      const name = match[1]!.toLowerCase();
      if (OWN_COMMANDS.has(name)) continue;
      const entry = { calls: Number(match[2]), usec: Number(match[3]) };
      byCommand[name] = entry;
      calls += entry.calls;
      usec += entry.usec;
    }
    const connections = /^total_connections_received:(\d+)/m.exec(text);
    return { calls, usec, byCommand, connectionsReceived: connections ? Number(connections[1]) : Number.NaN };
  }

  call(...args: [string, ...(string | number)[]]): Promise<unknown> {
    return this.client.call(...args);
  }

  async usedMemory(): Promise<number> {
    const text = String(await this.client.call('INFO', 'memory'));
    return Number(/^used_memory:(\d+)/m.exec(text)?.[1]);
  }

  close(): void {
    this.client.disconnect();
  }
}
