/**
 * `npm run demo`: the best lab server available (a cached defrag-capable build, else Debian's
 * redis-server, which cannot defrag), really fragmented, and the dashboard pointed at it with the
 * lab panel enabled. One command from a fresh clone after `npm run setup`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from './harness/redis-process';
import { launchDashboard } from './launch-dashboard';
import { bestAvailableBinary, fragment } from './lab/engines';

function chooseServer() {
  try {
    return bestAvailableBinary();
  } catch (error) {
    // Nothing at all on this machine: build the lab's Redis 7.0 (about 2 minutes, cached after).
    console.log(`demo: ${(error as Error).message}\ndemo: building a defrag-capable Redis 7.0 for the lab first…`);
    const build = spawnSync('npm', ['run', '--silent', 'lab', '--', 'build', '--engine', 'redis-7.0'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    return bestAvailableBinary();
  }
}

const best = chooseServer();
if (best.defragCapable) {
  console.log(`demo: lab server ${best.engine} (${best.binary}): active defrag is supported`);
} else {
  console.log(
    `demo: NOTICE: no defrag-capable build is cached, so the demo uses ${best.binary}, which cannot ` +
      'defrag (Debian links the system jemalloc). You will see fragmentation but not its repair. ' +
      'Build one with `npm run lab -- build` (about 2 minutes), then run the demo again.',
  );
}
const server = await startRedis({ binary: best.binary });
let dashboard: import('node:child_process').ChildProcess | null = null;
/** Ctrl-C, SIGTERM or the dashboard exiting: stop both children, never leave one behind. */
const stopAll = async () => {
  if (dashboard && dashboard.exitCode === null) dashboard.kill('SIGTERM');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stopAll());
process.on('SIGTERM', () => void stopAll());

console.log(`demo: lab server at ${server.url}; fragmenting it (1,000,000 keys, then deleting two in three)…`);
const result = await fragment(server.url, { keys: 1_000_000 });
console.log(
  `demo: allocator_frag_ratio ${result.before.allocator_frag_ratio} -> ${result.after.allocator_frag_ratio}, ` +
    `mem_fragmentation_ratio ${result.before.mem_fragmentation_ratio} -> ${result.after.mem_fragmentation_ratio} ` +
    `in ${result.seconds.toFixed(1)} s`,
);
// Writes are enabled for this run only: a fresh token each time, shown once to the person at the terminal.
const adminToken = randomBytes(24).toString('hex');
// The lab server is thrown away at the end, so is its audit log and schedule (unless you chose a dir).
const dataDir = process.env.FRAGSCOPE_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'fragscope-demo-data-'));
const launched = await launchDashboard({
  FRAGSCOPE_TARGETS: `lab=${server.url}`,
  FRAGSCOPE_DEMO: '1',
  FRAGSCOPE_ADMIN_TOKEN: adminToken,
  FRAGSCOPE_DATA_DIR: dataDir,
}).catch(async (error: Error) => {
  console.error(`demo: ${error.message}`);
  await server.stop();
  process.exit(1);
});
const { url, child } = launched;
dashboard = child;
child.on('exit', () => void stopAll());
console.log(`demo: Fragscope is running: open ${url}`);
console.log(`demo: writes are enabled for this run: sign in (top right) with the admin token ${adminToken}`);
console.log(`demo: audit log and maintenance windows of this run: ${dataDir}`);
console.log(
  best.defragCapable
    ? 'demo: try it: redis-cli -p ' + server.port + ' CONFIG SET active-defrag-ignore-bytes 1mb active-defrag-threshold-lower 5 activedefrag yes'
    : 'demo: this server cannot defrag: the dashboard shows why.',
);
console.log('demo: Ctrl-C stops the dashboard and the lab server.');
