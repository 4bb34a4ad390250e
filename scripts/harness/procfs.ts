import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Process trees from /proc, for the bench's CPU and RSS figures and the fault suite's leak check. */

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (100 on Linux almost always). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

interface PidStat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): PidStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** `root` and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** utime + stime of a process tree, in seconds. */
export function treeCpuSeconds(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) ticks += readStat(pid)?.ticks ?? 0;
  return ticks / CLK_TCK;
}

/** VmRSS in bytes of each process of the tree under `root`, by pid and command name. */
export function treeRss(root: number): { pid: number; name: string; rss: number }[] {
  return processTree(root).flatMap((pid) => {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return []; // exited meanwhile
    }
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
    return kib ? [{ pid, name, rss: Number(kib) * 1024 }] : [];
  });
}

/** VmRSS of a process tree, in bytes. */
export function treeRssBytes(root: number): number {
  return treeRss(root).reduce((sum, p) => sum + p.rss, 0);
}

/** CPU of a process tree over a window, as % of one core. */
export class CpuMeter {
  private readonly startWall = performance.now();
  private readonly startCpu: number;

  constructor(private readonly root: number) {
    this.startCpu = treeCpuSeconds(root);
  }

  stop(): { cpuSeconds: number; wallSeconds: number; percentOfCore: number } {
    const cpuSeconds = treeCpuSeconds(this.root) - this.startCpu;
    const wallSeconds = (performance.now() - this.startWall) / 1000;
    return { cpuSeconds, wallSeconds, percentOfCore: (100 * cpuSeconds) / wallSeconds };
  }
}
