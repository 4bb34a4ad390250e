/**
 * 4. Fleet (issue 18): one dashboard polling 1,000 targets (10 Debian redis-servers x 100 target
 * entries each) at 1 Hz with the default 24 h history. Over a window after warm-up: CPU
 * (utime+stime of the next-server tree, % of one core), RSS (VmRSS, sampled each second), polls
 * done, and poll-interval jitter from the history API: per target, the `at` of consecutive samples
 * in the window (raw rows, no downsampling), |interval − 1000 ms|, median and p99 over all targets.
 * Then `GET /api/fleet` and the fleet page (HTML of /fleet) with every row, timed (median of 5).
 * RSS at 24 h is PROJECTED, not measured: the RSS at the end of the window plus, per target, the
 * 1 s tier's measured bytes per sample on real lab samples (history-store.ts) times the samples
 * still to come in a day. A run of minutes cannot show a day's RSS.
 */
import type { AppProcess } from '../harness/app-process';
import { measuredStoreCost } from './history-store';
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

export async function measureFleet(report: Report, parent: Scope, options = { servers: 10, perServer: 100, windowSeconds: 60, pollMs: 1000 }): Promise<void> {
  const scope = parent.child();
  try {
    const { servers: nServers, perServer, windowSeconds, pollMs } = options;
    const total = nServers * perServer;
    const binary = debianBinary();
    const servers = await Promise.all(Array.from({ length: nServers }, (_, i) => startServer(scope, binary, `fleet-${i}`)));
    const targets = servers.flatMap((s, i) => Array.from({ length: perServer }, (_, j) => `fleet-${i}-${j}=${s.url}`));
    // FRAGSCOPE_IDLE_POLL_MS=pollMs: every target at 1 Hz, the figure asked for (idle polling would
    // otherwise sample these unwatched, quiet servers every 5 s).
    const app = await startDashboard(
      scope,
      { FRAGSCOPE_TARGETS: targets.join(','), FRAGSCOPE_POLL_MS: String(pollMs), FRAGSCOPE_IDLE_POLL_MS: String(pollMs) },
      'fleet',
    );

    // Warm-up: every target connected and polled a few times.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const h = await health(app);
      if (h.targets.length === total && h.targets.every((t) => t.connected && t.polls >= 5)) break;
      if (Date.now() > deadline) throw new Error(`fleet warm-up: ${h.targets.filter((t) => t.connected).length}/${total} connected after 180 s`);
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
    // All 1,000 rows in one answer (the page asks for 50 at a time; this is the worst case).
    const fleetApi = await timeGet(`${app.url}/api/fleet?pageSize=1000`, 5);
    const fleetPage = await timeGet(`${app.url}/fleet`, 5);
    const cost = measuredStoreCost();

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
      fleetApiMs: fleetApi,
      fleetPageMs: fleetPage,
      storeCost: cost,
      intervalMs: { median: median(intervals), p1: percentile(intervals, 1), p99: percentile(intervals, 99) },
    });
    const label = `${total} targets (${nServers} servers x ${perServer}) at ${pollMs} ms, default 24 h history`;
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
    // Projected: a day of samples in every 1 s tier on top of today's RSS (the coarse tiers are
    // allocated already; the few minutes held now are counted twice, so this errs high).
    const toCome = 86_400 * cost.finePerSample * total;
    const projected = rssEnd + toCome;
    report.add(
      'fleet_rss_24h_projected_bytes',
      'fleet: dashboard RSS at 24 h (PROJECTED)',
      projected,
      'bytes',
      `${(projected / 1024 ** 3).toFixed(2)} GiB projected = ${(rssEnd / MiB).toFixed(0)} MiB now + ${total} x 86,400 samples x ${fmt(cost.finePerSample, 1)} bytes/sample (1 s tier measured on real lab samples); not measured`,
    );
    report.add(
      'fleet_api_ms',
      'fleet: GET /api/fleet?pageSize=1000 (every row at once)',
      median(fleetApi),
      'ms',
      `${fmt(median(fleetApi), 0)} ms median of ${fleetApi.length} (${total} rows; max ${fmt(max(fleetApi), 0)} ms)`,
    );
    report.add(
      'fleet_page_ms',
      'fleet: GET /fleet (server-rendered page)',
      median(fleetPage),
      'ms',
      `${fmt(median(fleetPage), 0)} ms median of ${fleetPage.length} (max ${fmt(max(fleetPage), 0)} ms)`,
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
  } finally {
    await scope.closeAll();
  }
}

/** Wall ms of `n` sequential GETs (body read in full); throws on a non-2xx. */
async function timeGet(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const response = await fetch(url);
    await response.text();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    out.push(performance.now() - t0);
  }
  return out;
}

function sumPolls(h: Health): number {
  return h.targets.reduce((a, t) => a + t.polls, 0);
}
