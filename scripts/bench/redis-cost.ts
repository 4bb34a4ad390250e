/**
 * 1. Cost to Redis per sample: Fragscope's poller vs Debian's prometheus-redis-exporter, side by
 * side in one window, each on its own identical lab server (same binary, same 200k keys), both at
 * 1 Hz.
 *
 * - commands and Redis-side µs: INFO commandstats after CONFIG RESETSTAT (sum of calls and usec
 *   over all commands, minus the bench's RESETSTAT; the reading INFO is not in its own reply);
 *   usec is command execution only: socket I/O and accepting connections are not in it;
 * - round trips and new connections: a counting TCP relay in front of each server (rt-proxy.ts),
 *   and total_connections_received.
 * The window starts and ends right after one of our polls (seen by an SSE viewer), so it holds
 * whole polls only; the exporter is scraped exactly `samples` times inside it.
 * (The servers' whole CPU from schedstat was tried and dropped: idle servers' serverCron alone
 * varies by +-30 % between 15 s windows, more than either client's cost.)
 *
 * Then Redis time per hour of monitoring (issue 18), same servers, same run:
 * - Fragscope watched: the window above (a viewer open, 1 s samples), usec x 3600 / seconds;
 * - Fragscope idle: the viewer closed, after the 60 s the cadence waits past the last movement
 *   (the bench's DEBUG POPULATE moved the fragmentation), a window of IDLE_WINDOW_S at
 *   FRAGSCOPE_IDLE_POLL_MS=5000: its commandstats usec x 3600 / seconds (polls counted too);
 * - the exporter at Prometheus's default 15 s scrape: its measured usec per scrape x 240.
 */
import type { Report } from './report';
import { startRoundTripProxy } from './rt-proxy';
import type { Scope } from './scope';
import { ensureExporter, startExporter } from './exporter';
import { StatsClient, type CommandStats } from './redis-stats';
import { startDashboard, startServer, type ServerBinary } from './servers';
import { healthPolls, ViewerPool } from './sse-viewers';
import { fmt, median, sleep } from './stats';

interface Side {
  samples: number;
  stats: CommandStats;
  roundTrips: number;
  connections: number;
}

export async function measureRedisCost(report: Report, parent: Scope, binary: ServerBinary, samples = 30, keys = 200_000): Promise<void> {
  const scope = parent.child();
  try {
    const [ours, theirs] = await Promise.all([startServer(scope, binary, 'cost-ours'), startServer(scope, binary, 'cost-exporter')]);
    const clients = await Promise.all([ours, theirs].map((s) => StatsClient.connect(s.url)));
    for (const c of clients) scope.defer('stats client', () => c.close());
    const [statsOurs, statsTheirs] = clients as [StatsClient, StatsClient];
    await Promise.all(clients.map((c) => c.call('DEBUG', 'POPULATE', keys, 'key', 100)));
    const proxyOurs = await startRoundTripProxy(ours.port);
    scope.defer('relay ours', () => proxyOurs.close());
    const proxyTheirs = await startRoundTripProxy(theirs.port);
    scope.defer('relay exporter', () => proxyTheirs.close());

    const exporterBinary = ensureExporter();
    const exporter = 'binary' in exporterBinary ? await startExporter(scope, exporterBinary.binary, proxyTheirs.url) : null;
    const app = await startDashboard(scope, { REDIS_URL: proxyOurs.url, FRAGSCOPE_POLL_MS: '1000', FRAGSCOPE_IDLE_POLL_MS: '5000' }, 'cost');
    const pool = new ViewerPool(`${app.url}/api/targets/default/stream`);
    scope.defer('viewers', () => pool.closeAll());
    await pool.openUpTo(1);
    // Warm: connected, defrag probe done, a few refresh cycles behind us.
    await pool.nextSnapshots(8);
    if (exporter) for (let i = 0; i < 2; i++) await scrape(exporter.url);

    await pool.nextSnapshots(1);
    const polls0 = await healthPolls(app.url);
    await Promise.all([statsOurs.reset(), statsTheirs.reset()]);
    proxyOurs.reset();
    proxyTheirs.reset();
    const t0 = performance.now();
    const scrapes = exporter ? scrapeAtOneHz(exporter.url, samples, t0) : Promise.resolve(null);
    await pool.nextSnapshots(samples);
    const scrapeResult = await scrapes;
    const [endOurs, endTheirs] = await Promise.all([statsOurs.read(), statsTheirs.read()]);
    const seconds = (performance.now() - t0) / 1000;
    const polls = (await healthPolls(app.url)) - polls0;

    const side = (stats: CommandStats, n: number, proxy: typeof proxyOurs): Side => ({ samples: n, stats, ...proxy.counts() });
    const a = side(endOurs, polls, proxyOurs);
    const b = scrapeResult ? side(endTheirs, scrapeResult.ok, proxyTheirs) : null;
    // After the relays' counts are read: the idle window is not in them.
    const idle = await measureIdle(app.url, statsOurs, pool);
    report.detail('redis_cost', {
      binary: binary.label,
      idle,
      keys,
      windowSeconds: seconds,
      fragscope: { ...a, perSample: perSample(a) },
      exporter: b
        ? {
            ...b,
            version: exporter!.version,
            args: exporter!.args,
            scrapeMsMedian: median(scrapeResult!.ms),
            failedScrapes: scrapeResult!.failed,
            perSample: perSample(b),
          }
        : null,
    });

    const pa = perSample(a);
    const where = `${binary.label}, ${keys / 1000}k keys, ${a.samples} samples in ${seconds.toFixed(1)} s`;
    report.add('cost_ours_us_per_sample', 'Redis time per sample, Fragscope (commandstats usec)', pa.usec, 'µs', `${fmt(pa.usec, 1)} µs (${where})`);
    report.add('cost_ours_commands_per_sample', 'commands per sample, Fragscope', pa.commands, 'commands', `${fmt(pa.commands, 2)} (${commandMix(a)})`);
    report.add(
      'cost_ours_round_trips_per_sample',
      'round trips per sample, Fragscope',
      pa.roundTrips,
      'round trips',
      `${fmt(pa.roundTrips, 2)} (+ ${fmt(pa.connections, 2)} new connections per sample)`,
    );
    await reportLatencySampling(report, statsOurs, a, seconds);
    if (!b) {
      const reason = 'reason' in exporterBinary ? exporterBinary.reason : 'the exporter did not start';
      report.notMeasured('cost_exporter', 'prometheus-redis-exporter, all figures', reason);
      return;
    }
    const pb = perSample(b);
    const watchedHour = (a.stats.usec * 3600) / seconds;
    const idleHour = (idle.usec * 3600) / idle.seconds;
    const exporterHour = pb.usec * (3600 / 15);
    const ms = (us: number) => `${fmt(us / 1000, 1)} ms`;
    report.add(
      'cost_hour_ours_watched_us',
      'Redis time per hour, Fragscope watched (1 s)',
      watchedHour,
      'µs',
      `${ms(watchedHour)} (${a.samples} polls in ${seconds.toFixed(0)} s)`,
    );
    report.add(
      'cost_hour_ours_idle_us',
      'Redis time per hour, Fragscope idle (FRAGSCOPE_IDLE_POLL_MS=5000)',
      idleHour,
      'µs',
      `${ms(idleHour)} (${idle.polls} polls in ${idle.seconds.toFixed(0)} s, commandstats usec)`,
    );
    report.add(
      'cost_hour_exporter_15s_us',
      'Redis time per hour, exporter at 15 s',
      exporterHour,
      'µs',
      `${ms(exporterHour)} (${fmt(pb.usec, 1)} µs per scrape x 240)`,
    );
    report.add(
      'cost_hour_ratio_idle',
      'Redis time per hour, Fragscope idle / exporter at 15 s',
      idleHour / exporterHour,
      'ratio',
      `${fmt(idleHour / exporterHour, 2)} idle, ${fmt(watchedHour / exporterHour, 2)} watched (goal: below 1)`,
    );
    const where2 = `${exporter!.version}, ${b.samples} scrapes of /metrics at 1 Hz, same window`;
    report.add('cost_exporter_us_per_sample', 'Redis time per sample, exporter (commandstats usec)', pb.usec, 'µs', `${fmt(pb.usec, 1)} µs (${where2})`);
    report.add('cost_exporter_commands_per_sample', 'commands per sample, exporter', pb.commands, 'commands', `${fmt(pb.commands, 2)} (${commandMix(b)})`);
    report.add(
      'cost_exporter_round_trips_per_sample',
      'round trips per sample, exporter',
      pb.roundTrips,
      'round trips',
      `${fmt(pb.roundTrips, 2)} (+ ${fmt(pb.connections, 2)} new connections per sample)`,
    );
    report.add(
      'cost_ratio_us',
      'Redis time per sample, Fragscope / exporter',
      pa.usec / pb.usec,
      'ratio',
      `${fmt(pa.usec / pb.usec, 3)} (Fragscope costs ${fmt(pb.usec / pa.usec, 1)}x less)`,
    );
    report.add(
      'cost_ratio_round_trips',
      'round trips per sample, Fragscope / exporter',
      pa.roundTrips / pb.roundTrips,
      'ratio',
      fmt(pa.roundTrips / pb.roundTrips, 3),
    );
  } finally {
    await scope.closeAll();
  }
}

const IDLE_WINDOW_S = 45;
/** The cadence keeps 1 s for 60 s after the last movement (poll-cadence.ts SETTLE_MS), plus margin. */
const SETTLE_WAIT_MS = 65_000;

/** Redis time while nobody watches: the viewer closed, the settle time waited out, then one window. */
async function measureIdle(appUrl: string, stats: StatsClient, pool: ViewerPool): Promise<{ usec: number; polls: number; seconds: number }> {
  pool.closeAll();
  await sleep(SETTLE_WAIT_MS);
  const polls0 = await healthPolls(appUrl);
  await stats.reset();
  const t0 = performance.now();
  await sleep(IDLE_WINDOW_S * 1000);
  const end = await stats.read();
  const seconds = (performance.now() - t0) / 1000;
  return { usec: end.usec, polls: (await healthPolls(appUrl)) - polls0, seconds };
}

/**
 * Issue #17: what the latency sampler adds to the poll, per hour at the defaults (LATENCY HISTOGRAM
 * of the busy commands every 5 s, INFO commandstats + CONFIG GET latency-tracking every 60 s). The
 * histograms are in the window's commandstats under `latency|histogram`; one commandstats read is
 * timed on its own (its INFO would otherwise be counted with the poll's).
 */
async function reportLatencySampling(report: Report, stats: StatsClient, ours: Side, seconds: number): Promise<void> {
  const histogram = ours.stats.byCommand['latency|histogram'] ?? { calls: 0, usec: 0 };
  await stats.reset();
  await stats.call('INFO', 'commandstats');
  await stats.call('CONFIG', 'GET', 'latency-tracking');
  const once = await stats.read();
  const commandstatsUsec = (once.byCommand['info']?.usec ?? 0) + (once.byCommand['config|get']?.usec ?? 0);
  const perHour = (usec: number) => (usec / seconds) * 3600;
  const histogramPerHour = histogram.calls > 0 ? (histogram.usec / histogram.calls) * 720 : 0;
  const samplerPerHour = histogramPerHour + commandstatsUsec * 60;
  const pollPerHour = perHour(ours.stats.usec - histogram.usec);
  report.add(
    'cost_latency_sampling_us_per_hour',
    'Redis time per hour of the latency sampler (LATENCY HISTOGRAM every 5 s, commandstats every 60 s)',
    samplerPerHour,
    'µs',
    `${fmt(samplerPerHour / 1000, 1)} ms/h (${histogram.calls} LATENCY HISTOGRAM in the window, ${fmt(histogram.calls > 0 ? histogram.usec / histogram.calls : 0, 1)} µs each; commandstats read ${commandstatsUsec} µs) = ${fmt((samplerPerHour / pollPerHour) * 100, 2)} % of the poll's own ${fmt(pollPerHour / 1000, 0)} ms/h`,
  );
}

function perSample(s: Side) {
  return {
    commands: s.stats.calls / s.samples,
    usec: s.stats.usec / s.samples,
    roundTrips: s.roundTrips / s.samples,
    connections: s.stats.connectionsReceived / s.samples,
  };
}

/** "info 1.00 (12 µs), config|get 0.40 (..)": calls per sample of each command, most expensive first. */
function commandMix(s: Side): string {
  return Object.entries(s.stats.byCommand)
    .sort(([, x], [, y]) => y.usec - x.usec)
    .map(([name, v]) => `${name} ${fmt(v.calls / s.samples, 2)}×, ${fmt(v.usec / s.samples, 1)} µs`)
    .join('; ');
}

async function scrape(url: string): Promise<boolean> {
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  return response.ok && /^redis_up 1$/m.test(text);
}

/** `n` scrapes, the i-th at t0 + 100 ms + i s (one at a time, like Prometheus). */
async function scrapeAtOneHz(url: string, n: number, t0: number): Promise<{ ok: number; failed: number; ms: number[] }> {
  let ok = 0;
  let failed = 0;
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + 100 + i * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
    const start = performance.now();
    if (await scrape(url).catch(() => false)) ok++;
    else failed++;
    ms.push(performance.now() - start);
  }
  if (failed > 0) throw new Error(`${failed} of ${n} exporter scrapes failed (redis_up not 1)`);
  return { ok, failed, ms };
}
