/** `npm start`: validate the configuration (one message listing every problem), then serve. */
import { ConfigError, parseConfig } from '../lib/server/core/env';
import { launchDashboard } from './launch-dashboard';

try {
  const config = parseConfig(process.env);
  console.log(`Fragscope: ${config.targets.length} target(s): ${config.targets.map((t) => `${t.id} (${t.address})`).join(', ')}`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const { url, child } = await launchDashboard({});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
console.log(`Fragscope is running: open ${url}`);
