/**
 * 2. Viewer independence: Redis commands per second on the monitored server with 1, 50 and 500
 * SSE viewers of the dashboard. Each window starts and ends right after a poll (seen by viewer 0)
 * and holds `polls` whole polls, so the counts compare exactly; commands are INFO commandstats
 * after CONFIG RESETSTAT (the bench's own calls removed, see redis-stats.ts).
 * The 500-viewer window also records every snapshot every viewer received, for fanout.ts.
 */
import type { AppProcess } from '../harness/app-process';
import { CpuMeter, treeRssBytes } from '../harness/procfs';
import type { StatsClient } from './redis-stats';
import type { Report } from './report';
import type { Scope } from './scope';
import { ViewerPool, waitForViewers, type ParsedReceipt } from './sse-viewers';
import { fmt } from './stats';

export interface ViewerPhase {
  viewers: number;
  polls: number;
  seconds: number;
  calls: number;
  commandsPerSecond: number;
  byCommand: Record<string, { calls: number; usec: number }>;
  cpuPercentOfCore: number;
  /** The bench process itself (it reads all the streams), % of one core. */
  benchCpuPercentOfCore: number;
  rssBytes: number;
  /** Every snapshot every viewer got in the window (and one poll past it). */
  receipts: ParsedReceipt[];
}

export async function measureViewers(
  report: Report,
  scope: Scope,
  app: AppProcess,
  stats: StatsClient,
  counts = [1, 50, 500],
  polls = 20,
): Promise<ViewerPhase[]> {
  const pool = new ViewerPool(`${app.url}/api/targets/default/stream`);
  scope.defer('viewers', () => pool.closeAll());
  const phases: ViewerPhase[] = [];
  try {
    for (const n of counts) {
      await pool.openUpTo(n);
      await waitForViewers(app.url, n);
      // Let the burst of initial `history` events settle, then start right after a poll.
      await pool.nextSnapshots(3);
      await stats.reset();
      const cpu = new CpuMeter(app.child.pid!);
      const benchCpu = process.cpuUsage();
      const t0 = performance.now();
      pool.startRecording();
      await pool.nextSnapshots(polls);
      const end = await stats.read();
      const usage = cpu.stop();
      const seconds = (performance.now() - t0) / 1000;
      const benchUsage = process.cpuUsage(benchCpu);
      const benchCpuPercentOfCore = (benchUsage.user + benchUsage.system) / 1e4 / seconds;
      // One more poll, so every viewer's copy of the window's last sample is in; fanout.ts drops
      // that extra (partly recorded) sample.
      await pool.nextSnapshots(1);
      const receipts = pool.stopRecording();
      phases.push({
        viewers: n,
        polls,
        seconds,
        calls: end.calls,
        commandsPerSecond: end.calls / seconds,
        byCommand: end.byCommand,
        cpuPercentOfCore: usage.percentOfCore,
        benchCpuPercentOfCore,
        rssBytes: treeRssBytes(app.child.pid!),
        receipts,
      });
    }
  } finally {
    pool.closeAll();
  }
  const base = phases[0]!;
  for (const phase of phases) {
    const ratio = phase.commandsPerSecond / base.commandsPerSecond;
    report.add(
      `viewers_${phase.viewers}_commands_per_s`,
      `Redis commands/s with ${phase.viewers} viewer${phase.viewers === 1 ? '' : 's'}`,
      phase.commandsPerSecond,
      'commands/s',
      `${fmt(phase.commandsPerSecond, 2)} /s (${phase.calls} commands in ${phase.polls} polls, ${phase.seconds.toFixed(1)} s; ${fmt(ratio, 2)}× the 1-viewer rate)`,
    );
  }
  report.detail(
    'viewers',
    phases.map(({ receipts, ...rest }) => rest),
  );
  return phases;
}
