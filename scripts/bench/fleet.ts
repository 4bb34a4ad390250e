/**
 * 4. Fleet: one dashboard polling 200 targets (10 Debian redis-servers x 20 targets each) at 1 Hz
 * with FRAGSCOPE_HISTORY_HOURS=1. Over a window after warm-up: CPU (utime+stime of the next-server
 * tree, % of one core), RSS (VmRSS, sampled each second), polls done, and poll-interval jitter
 * from the history API: per target, the `at` of consecutive samples in the window (raw rows, no
 * downsampling), |interval − 1000 ms|, median and p99 over all targets.
 */
import type { AppProcess } from '../harness/app-process';
import { storeBytes } from './history-store';
import { CpuMeter, treeRssBytes } from '../harness/procfs';
import type { Report } from './report';
import type { Scope } from './scope';
import { debianBinary, startDashboard, startServer } from './servers';
import { fmt, max, median, percentile, sleep } from './stats';

const MiB = 1024 * 1024;

interface Health {
  targets: { id: string; polls: number; connected: boolean; maxPollsInFlight: number }[];
}

const health = async (app: AppProcess) => (await (await fetch(`${app.url}/api/health`)).json()) as Health;

export async function measureFleet(report: Report, parent: Scope, options = { servers: 10, perServer: 20, windowSeconds: 60, pollMs: 1000 }): Promise<void> {
  const scope = parent.child();
  try {
    const { servers: nServers, perServer, windowSeconds, pollMs } = options;
    const total = nServers * perServer;
    const binary = debianBinary();
    const servers = await Promise.all(Array.from({ length: nServers }, (_, i) => startServer(scope, binary, `fleet-${i}`)));
    const targets = servers.flatMap((s, i) => Array.from({ length: perServer }, (_, j) => `fleet-${i}-${j}=${s.url}`));
    const app = await startDashboard(scope, { FRAGSCOPE_TARGETS: targets.join(','), FRAGSCOPE_POLL_MS: String(pollMs), FRAGSCOPE_HISTORY_HOURS: '1' }, 'fleet');

    // Warm-up: every target connected and polled a few times.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const h = await health(app);
      if (h.targets.length === total && h.targets.every((t) => t.connected && t.polls >= 5)) break;
      if (Date.now() > deadline) throw new Error(`fleet warm-up: ${h.targets.filter((t) => t.connected).length}/${total} connected after 60 s`);
      await sleep(500);
    }
    const rssStart = treeRssBytes(app.child.pid!);
    const polls0 = sumPolls(await health(app));
    const cpu = new CpuMeter(app.child.pid!);
    const from = Date.now();
    const rss: number[] = [];
    for (let s = 0; s < windowSeconds; s++) {
      await sleep(1000);
      rss.push(treeRssBytes(app.child.pid!));
    }
    const usage = cpu.stop();
    const to = Date.now();
    const h1 = await health(app);
    const polls = sumPolls(h1) - polls0;

    // Intervals between consecutive samples of each target, from its raw history rows.
    const intervals: number[] = [];
    let failed = 0;
    let rows = 0;
    const ids = h1.targets.map((t) => t.id);
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(
        ids.slice(i, i + 20).map(async (id) => {
          const response = await fetch(`${app.url}/api/targets/${id}/history?from=${from}&to=${to}&points=5000&series=used_memory`);
          if (!response.ok) throw new Error(`history of ${id}: ${response.status} ${await response.text()}`);
          const body = (await response.json()) as { t: number[]; series: { used_memory?: (number | null)[] } };
          rows += body.t.length;
          failed += (body.series.used_memory ?? []).filter((v) => v === null).length;
          for (let k = 1; k < body.t.length; k++) intervals.push(body.t[k]! - body.t[k - 1]!);
        }),
      );
    }
    const jitter = intervals.map((d) => Math.abs(d - pollMs));

    // The fleet page's own requests: one page of rows (GET /api/fleet) and that page's sparklines.
    const fleetMs: number[] = [];
    const sparkMs: number[] = [];
    let fleetBytes = 0;
    let sparkBytes = 0;
    for (let k = 0; k < 20; k++) {
      let t0 = performance.now();
      const page = await (await fetch(`${app.url}/api/fleet?sort=name`)).text();
      fleetMs.push(performance.now() - t0);
      fleetBytes = page.length;
      const pageIds = (JSON.parse(page) as { rows: { id: string }[] }).rows.map((r) => r.id).join(',');
      t0 = performance.now();
      sparkBytes = (await (await fetch(`${app.url}/api/fleet/sparklines?ids=${pageIds}`)).text()).length;
      sparkMs.push(performance.now() - t0);
    }
    const oneHour = storeBytes(1);
    report.detail('fleet', {
      servers: nServers,
      targetsPerServer: perServer,
      targets: total,
      windowSeconds: usage.wallSeconds,
      cpuSeconds: usage.cpuSeconds,
      polls,
      rows,
      failedSamples: failed,
      rssStartBytes: rssStart,
      rssBytes: rss,
      maxPollsInFlight: Math.max(...h1.targets.map((t) => t.maxPollsInFlight)),
      jitterMs: { median: median(jitter), p99: percentile(jitter, 99), max: max(jitter) },
      intervalMs: { median: median(intervals), p1: percentile(intervals, 1), p99: percentile(intervals, 99) },
    });
    const label = `${total} targets (${nServers} servers x ${perServer}) at ${pollMs} ms, FRAGSCOPE_HISTORY_HOURS=1`;
    report.add(
      'fleet_polls_per_s',
      'fleet: polls per second',
      polls / usage.wallSeconds,
      'polls/s',
      `${fmt(polls / usage.wallSeconds, 1)} /s (${label}; ${failed} failed samples of ${rows})`,
    );
    report.add(
      'fleet_app_cpu_percent',
      'fleet: dashboard CPU',
      usage.percentOfCore,
      '% of one core',
      `${fmt(usage.percentOfCore, 1)} % of one core (utime+stime over ${usage.wallSeconds.toFixed(1)} s)`,
    );
    const rssEnd = rss.at(-1)!;
    report.add(
      'fleet_app_rss_bytes',
      'fleet: dashboard RSS',
      rssEnd,
      'bytes',
      `${(rssEnd / MiB).toFixed(0)} MiB at the end of the window (${(rssStart / MiB).toFixed(0)} MiB at its start, after ~5 polls per target; ${fmt((rssEnd - rssStart) / MiB / usage.wallSeconds, 2)} MiB/s meanwhile)`,
    );
    report.add(
      'fleet_history_bytes',
      'fleet: history stores, 1 h (byteSize)',
      oneHour * total,
      'bytes',
      `${(oneHour / MiB).toFixed(2)} MiB per target x ${total} = ${((oneHour * total) / MiB).toFixed(0)} MiB, allocated at start; pages are committed as samples arrive, so RSS shows it only after an hour`,
    );
    report.add(
      'fleet_jitter_ms_median',
      'fleet: poll-interval jitter, median',
      median(jitter),
      'ms',
      `${fmt(median(jitter), 1)} ms (|interval − ${pollMs} ms| over ${intervals.length} intervals)`,
    );
    report.add(
      'fleet_jitter_ms_p99',
      'fleet: poll-interval jitter, p99',
      percentile(jitter, 99),
      'ms',
      `${fmt(percentile(jitter, 99), 1)} ms (max ${fmt(max(jitter), 0)} ms)`,
    );
    report.add(
      'fleet_api_ms_p50',
      'fleet: GET /api/fleet (one page of 50), median',
      median(fleetMs),
      'ms',
      `${fmt(median(fleetMs), 1)} ms (p99 ${fmt(percentile(fleetMs, 99), 1)} ms over ${fleetMs.length} calls, ${total} targets; ${(fleetBytes / 1024).toFixed(1)} KiB)`,
    );
    report.add(
      'fleet_sparklines_ms_p50',
      'fleet: GET /api/fleet/sparklines (the page of 50), median',
      median(sparkMs),
      'ms',
      `${fmt(median(sparkMs), 1)} ms (p99 ${fmt(percentile(sparkMs, 99), 1)} ms; ${(sparkBytes / 1024).toFixed(1)} KiB, 60 points x 2 series per target)`,
    );
    report.notMeasured(
      'fleet_default_24h_memory',
      'fleet: 200 targets with the default 24 h history',
      `the stores would reserve 200 x ${(storeBytes(24) / MiB).toFixed(1)} MiB (byteSize) = ${((storeBytes(24) * total) / 1024 ** 3).toFixed(2)} GiB, committed only as 24 h of samples arrive; a run of minutes cannot show that RSS`,
    );
  } finally {
    await scope.closeAll();
  }
}

function sumPolls(h: Health): number {
  return h.targets.reduce((a, t) => a + t.polls, 0);
}
