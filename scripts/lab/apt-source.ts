import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, parseVersion } from '../../lib/decision/version';
import { labCacheDir, sha256File, type EngineSpec } from './engines';
import { indent, runStep, StepError } from './run-step';

/**
 * Fetches Debian's upstream tarball (`<pkg>_<version>.orig.tar.*`) through apt with a PRIVATE
 * deb-src list: every apt path that matters (source list, parts, lists, cache) is redirected into
 * the lab cache, so the system's apt configuration and state are never touched. Only the .orig
 * tarball is used: it holds the upstream tree with Redis's own jemalloc, which is what makes
 * defrag work; Debian's patches switch to the system jemalloc, which is what breaks it.
 */

const SYSTEM_SOURCES = '/etc/apt/sources.list';
const SYSTEM_SOURCES_DIR = '/etc/apt/sources.list.d';
const DEFAULT_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
/** Suites the lab engines come from (see ENGINE_SPECS). */
// experimental carries only the packages that are newer there, so it is listed next to sid, as Debian does.
const LAB_SUITES = ['bookworm', 'trixie', 'sid', 'experimental'] as const;

export interface SourceEntry {
  types: string[];
  uris: string[];
  suites: string[];
  signedBy?: string;
  enabled: boolean;
  origin: string;
}

/** One-line format: `deb [opt=val ...] uri suite component...`. */
export function parseOneLineSources(text: string, origin: string): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (!match) continue;
    const options = match[2] ?? '';
    const signedBy = /(?:^|\s)signed-by=(\S+)/.exec(options)?.[1];
    entries.push({ types: [match[1]!], uris: [match[3]!], suites: [match[4]!], signedBy, enabled: true, origin });
  }
  return entries;
}

/** deb822 format (`*.sources`): blank-line separated stanzas of `Field: value` lines. */
export function parseDeb822Sources(text: string, origin: string): SourceEntry[] {
  const entries: SourceEntry[] = [];
  const stanzas = text.split(/\n\s*\n/);
  for (const stanza of stanzas) {
    const fields = new Map<string, string>();
    let current: string | null = null;
    for (const raw of stanza.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && current) {
        fields.set(current, `${fields.get(current)}\n${raw.trim()}`);
        continue;
      }
      const colon = raw.indexOf(':');
      if (colon <= 0) continue;
      current = raw.slice(0, colon).trim().toLowerCase();
      fields.set(current, raw.slice(colon + 1).trim());
    }
    const words = (name: string) => (fields.get(name) ?? '').split(/\s+/).filter(Boolean);
    if (!fields.has('uris')) continue;
    const signedBy = fields.get('signed-by');
    entries.push({
      types: words('types'),
      uris: words('uris'),
      suites: words('suites'),
      // An inline key block cannot be passed as a path; fall back to the default keyring then.
      signedBy: signedBy && !signedBy.includes('\n') && signedBy.startsWith('/') ? signedBy : undefined,
      enabled: (fields.get('enabled') ?? 'yes').toLowerCase() !== 'no',
      origin,
    });
  }
  return entries;
}

/** The system's entries, read the way apt reads them (only `*.list` and `*.sources` count). */
export function readSystemSources(): SourceEntry[] {
  const entries: SourceEntry[] = [];
  if (existsSync(SYSTEM_SOURCES)) entries.push(...parseOneLineSources(readFileSync(SYSTEM_SOURCES, 'utf8'), SYSTEM_SOURCES));
  if (existsSync(SYSTEM_SOURCES_DIR)) {
    for (const name of readdirSync(SYSTEM_SOURCES_DIR).sort()) {
      const file = path.join(SYSTEM_SOURCES_DIR, name);
      if (name.endsWith('.list')) entries.push(...parseOneLineSources(readFileSync(file, 'utf8'), file));
      else if (name.endsWith('.sources')) entries.push(...parseDeb822Sources(readFileSync(file, 'utf8'), file));
    }
  }
  return entries;
}

export interface Mirror {
  uri: string;
  keyring?: string;
  origin: string;
}

/**
 * The main Debian archive this machine already uses: an enabled entry with a plain release suite
 * (not -security / -updates). The machine can only reach the mirrors it is configured for, so we
 * reuse that host instead of hard-coding one. FRAGSCOPE_DEBIAN_MIRROR overrides.
 */
export function pickDebianMirror(entries: SourceEntry[]): Mirror | null {
  const override = process.env.FRAGSCOPE_DEBIAN_MIRROR?.trim();
  if (override) return { uri: override.replace(/\/+$/, ''), keyring: existingKeyring(), origin: 'FRAGSCOPE_DEBIAN_MIRROR' };
  for (const entry of entries) {
    if (!entry.enabled) continue;
    if (!entry.types.some((t) => t === 'deb' || t === 'deb-src')) continue;
    if (!entry.suites.some((s) => /^[a-z]+$/.test(s))) continue;
    const uri = entry.uris.find((u) => /^https?:\/\//.test(u) && !/security/.test(u));
    if (!uri) continue;
    return { uri: uri.replace(/\/+$/, ''), keyring: entry.signedBy ?? existingKeyring(), origin: entry.origin };
  }
  return null;
}

function existingKeyring(): string | undefined {
  return existsSync(DEFAULT_KEYRING) ? DEFAULT_KEYRING : undefined;
}

export interface AptPaths {
  root: string;
  sourcesList: string;
  lists: string;
  cache: string;
}

export function aptPaths(): AptPaths {
  const root = path.join(labCacheDir(), 'apt');
  return { root, sourcesList: path.join(root, 'sources.list'), lists: path.join(root, 'lists'), cache: path.join(root, 'cache') };
}

/** The `-o` options that make apt use only our private files. Same for update, showsrc, source. */
export function aptOptions(paths: AptPaths): string[] {
  const options = [
    '-o',
    `Dir::Etc::SourceList=${paths.sourcesList}`,
    '-o',
    'Dir::Etc::SourceParts=/dev/null',
    '-o',
    `Dir::State::Lists=${paths.lists}`,
    '-o',
    `Dir::Cache=${paths.cache}`,
  ];
  // As root apt drops to the _apt user to download, which cannot enter a cache under /root and
  // then warns and downloads as root anyway; say so up front to keep the output clean.
  if (process.getuid?.() === 0) options.push('-o', 'APT::Sandbox::User=root');
  return options;
}

export function privateSourcesList(mirror: Mirror): string {
  const options = mirror.keyring ? `[signed-by=${mirror.keyring}] ` : '';
  return [
    `# Private to the fragscope lab (scripts/lab/apt-source.ts); the system's apt never reads it.`,
    `# Mirror taken from ${mirror.origin}.`,
    ...LAB_SUITES.map((suite) => `deb-src ${options}${mirror.uri} ${suite} main`),
    '',
  ].join('\n');
}

export interface SourceCandidate {
  version: string;
  orig: { name: string; sha256: string; size: number };
}

/** Parses `apt-cache showsrc` output into versions of `pkg` with their .orig tarball checksum. */
export function parseShowSrc(text: string, pkg: string): SourceCandidate[] {
  const candidates: SourceCandidate[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const pkgName = /^Package: (\S+)$/m.exec(stanza)?.[1];
    const version = /^Version: (\S+)$/m.exec(stanza)?.[1];
    if (pkgName !== pkg || !version) continue;
    const checksums = /^Checksums-Sha256:\n((?: .*\n?)*)/m.exec(stanza)?.[1] ?? '';
    for (const line of checksums.split('\n')) {
      const [sha256, size, name] = line.trim().split(/\s+/);
      if (sha256 && size && name && /\.orig\.tar\.(gz|xz|bz2)$/.test(name)) {
        candidates.push({ version, orig: { name, sha256, size: Number(size) } });
      }
    }
  }
  return candidates;
}

/** `5:7.0.15-1~deb12u7` -> `7.0.15`, `8.1.1+dfsg1-3+deb13u3` -> `8.1.1`. */
export function upstreamOf(debianVersion: string): string {
  return debianVersion
    .replace(/^\d+:/, '')
    .replace(/-[^-]*$/, '')
    .replace(/[+~].*$/, '');
}

function compareUpstream(a: string, b: string): number {
  return compareVersions(parseVersion(a) ?? [0, 0, 0], parseVersion(b) ?? [0, 0, 0]);
}

/** Pinned upstream version first, then other releases of the same series, newest first. */
export function orderCandidates(candidates: SourceCandidate[], spec: EngineSpec): SourceCandidate[] {
  const exact = candidates.filter((c) => upstreamOf(c.version) === spec.upstreamVersion);
  const series = candidates
    .filter((c) => upstreamOf(c.version) !== spec.upstreamVersion && upstreamOf(c.version).startsWith(spec.series))
    .sort((a, b) => compareUpstream(upstreamOf(b.version), upstreamOf(a.version)));
  return [...exact, ...series];
}

export interface FetchedSource {
  tarball: string;
  debianVersion: string;
  upstreamVersion: string;
  fromCache: boolean;
}

interface SourceRecord {
  file: string;
  sha256: string;
  debianVersion: string;
}

export interface FetchOptions {
  spec: EngineSpec;
  logFile: string;
  say: (line: string) => void;
}

/** Returns a checksum-verified .orig tarball for the engine, reusing a cached one. */
export async function fetchUpstreamSource({ spec, logFile, say }: FetchOptions): Promise<FetchedSource> {
  const srcDir = path.join(labCacheDir(), 'src', spec.engine);
  mkdirSync(srcDir, { recursive: true });
  const recordFile = path.join(srcDir, 'source.json');
  const cached = readRecord(recordFile);
  if (cached && existsSync(path.join(srcDir, cached.file)) && sha256File(path.join(srcDir, cached.file)) === cached.sha256) {
    say(`      using cached ${cached.file} (${cached.debianVersion}), sha256 checked; no download`);
    return { tarball: path.join(srcDir, cached.file), debianVersion: cached.debianVersion, upstreamVersion: upstreamOf(cached.debianVersion), fromCache: true };
  }

  const paths = aptPaths();
  const mirror = pickDebianMirror(readSystemSources());
  if (!mirror) {
    throw new StepError('apt update', `no Debian mirror found in ${SYSTEM_SOURCES} or ${SYSTEM_SOURCES_DIR}/ (set FRAGSCOPE_DEBIAN_MIRROR=http://...)`);
  }
  for (const dir of [path.join(paths.lists, 'partial'), path.join(paths.cache, 'archives', 'partial')]) mkdirSync(dir, { recursive: true });
  writeFileSync(paths.sourcesList, privateSourcesList(mirror));
  const apt = aptOptions(paths);

  say(`      apt-get update with private deb-src list ${paths.sourcesList} (mirror ${mirror.uri} from ${mirror.origin})`);
  const update = await runStep({ step: 'apt update', command: 'apt-get', args: [...apt, 'update'], logFile, allowFailure: true });
  const haveLists = readdirSync(paths.lists).some((f) => f.endsWith('_Sources') || f.includes('_Sources'));
  if (update.code !== 0) {
    if (!haveLists) throw new StepError('apt update', `apt-get update exited with code ${update.code}\n${indent(update.tail.slice(-10))}`);
    say(`      apt-get update failed (code ${update.code}); using the lists from the previous update`);
  }

  const showsrc = await runStep({
    step: 'apt showsrc',
    command: 'apt-cache',
    args: [...apt, 'showsrc', spec.sourcePackage],
    logFile,
    allowFailure: true,
    captureStdout: true,
  });
  const candidates = orderCandidates(parseShowSrc(showsrc.stdout, spec.sourcePackage), spec);
  if (candidates.length === 0) {
    throw new StepError(
      'apt showsrc',
      `no ${spec.sourcePackage} ${spec.series}x source in ${LAB_SUITES.join('/')} at ${mirror.uri} (apt-cache exit ${showsrc.code})`,
    );
  }

  const attempts: string[] = [];
  for (const candidate of candidates) {
    const downloadDir = path.join(srcDir, `download-${process.pid}`);
    rmSync(downloadDir, { recursive: true, force: true });
    mkdirSync(downloadDir, { recursive: true });
    say(`      apt-get source --download-only ${spec.sourcePackage}=${candidate.version}`);
    const result = await runStep({
      step: 'apt source',
      command: 'apt-get',
      args: [...apt, 'source', '--download-only', `${spec.sourcePackage}=${candidate.version}`],
      cwd: downloadDir,
      logFile,
      allowFailure: true,
    });
    const downloaded = path.join(downloadDir, candidate.orig.name);
    if (existsSync(downloaded) && sha256File(downloaded) === candidate.orig.sha256) {
      if (result.code !== 0) {
        // Seen on this mirror: the .dsc / .debian.tar.xz of a listed version 404 while the
        // .orig tarball is there. We only need the .orig, so a checksum match is success.
        say(`      apt-get exited ${result.code} (Debian packaging files missing in the pool), but ${candidate.orig.name} arrived and its sha256 matches`);
      }
      const target = path.join(srcDir, candidate.orig.name);
      renameSync(downloaded, target);
      rmSync(downloadDir, { recursive: true, force: true });
      const record: SourceRecord = { file: candidate.orig.name, sha256: candidate.orig.sha256, debianVersion: candidate.version };
      writeFileSync(`${recordFile}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
      renameSync(`${recordFile}.tmp`, recordFile);
      return { tarball: target, debianVersion: candidate.version, upstreamVersion: upstreamOf(candidate.version), fromCache: false };
    }
    rmSync(downloadDir, { recursive: true, force: true });
    const why = existsSync(downloaded)
      ? 'sha256 mismatch'
      : result.tail
          .filter((l) => /^(E|W):/.test(l))
          .slice(-3)
          .join(' / ') || `exit ${result.code}`;
    attempts.push(`${candidate.version}: ${why}`);
    say(`      ${candidate.version} unavailable (${why}); trying the next version apt lists`);
  }
  throw new StepError('apt source', `no usable ${spec.sourcePackage} source tarball:\n${indent(attempts)}`);
}

function readRecord(file: string): SourceRecord | null {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<SourceRecord>;
    return typeof record.file === 'string' && typeof record.sha256 === 'string' && typeof record.debianVersion === 'string' ? (record as SourceRecord) : null;
  } catch {
    return null;
  }
}
