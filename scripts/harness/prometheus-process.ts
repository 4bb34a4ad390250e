import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/**
 * A real Prometheus (Debian's `prometheus` package) on a free loopback port, scraping the given
 * loopback addresses' /api/metrics with a short interval, its TSDB in a temp dir. For tests and
 * the bench only.
 */
export interface PrometheusProcess {
  port: number;
  url: string;
  kill(): Promise<void>;
}

export async function startPrometheus(options: {
  targets: string[];
  scrapeIntervalS?: number;
  metricsPath?: string;
  port?: number;
}): Promise<PrometheusProcess> {
  const binary = '/usr/bin/prometheus';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-prometheus-'));
  const interval = options.scrapeIntervalS ?? 1;
  // The README's scrape config, with a test-sized interval.
  const config = [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  scrape_timeout: ${interval}s`,
    'scrape_configs:',
    '  - job_name: fragscope',
    `    metrics_path: ${options.metricsPath ?? '/api/metrics'}`,
    '    static_configs:',
    `      - targets: [${options.targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const port = options.port ?? (await freePort());
  const child = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await kill();
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`prometheus not ready within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, url, kill };
}

/**
 * Until Prometheus holds `count` scrapes of `metric` (its first scrape comes some seconds after it
 * is ready); throws after `timeoutMs`.
 */
export async function waitForScrapes(prometheus: PrometheusProcess, metric: string, count: number, timeoutMs = 60_000): Promise<void> {
  const query = encodeURIComponent(`count_over_time(${metric}[1h])`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = (await fetch(`${prometheus.url}/api/v1/query?query=${query}`).then((r) => r.json())) as {
      data?: { result?: Array<{ value?: [number, string] }> };
    };
    if (Number(answer?.data?.result?.[0]?.value?.[1] ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`Prometheus held fewer than ${count} scrapes of ${metric} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
