import { test as base } from '@playwright/test';
import Redis from 'ioredis';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../../scripts/harness/redis-process';
import { fragment, resolveEngineBinary, type LabEngine } from '../../scripts/lab/engines';
import { POLL_MS, waitForSample } from './fixtures';

export interface Lab {
  server: RedisProcess;
  direct: Redis;
  app: AppProcess;
}

/**
 * A fragmented defrag-capable lab server (redis-7.0 unless a spec sets `labEngine`; built by
 * scripts/test.sh) and the app on it.
 */
export const test = base.extend<{ lab: Lab; labEngine: LabEngine }>({
  labEngine: ['redis-7.0', { option: true }],
  lab: async ({ labEngine }, use) => {
    const binary = resolveEngineBinary(labEngine);
    if (!binary) throw new Error(`no verified ${labEngine} lab build: run \`npm run lab -- build --engine ${labEngine}\``);
    const server = await startRedis({ binary });
    await fragment(server.url, { keys: 1_000_000 });
    const direct = new Redis(server.url);
    const app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS) });
    await waitForSample(app.url);
    await use({ server, direct, app });
    direct.disconnect();
    await app.kill();
    await server.kill();
  },
});

export { expect } from '@playwright/test';
