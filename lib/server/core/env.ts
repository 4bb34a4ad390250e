import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { alertRulesSchema, parseAlertRules } from '@/lib/alerts/rules-config';
import type { AlertRules } from '@/lib/alerts/rules';
import { parseWebhookUrl, type WebhookTarget } from '../alerts/webhook-url';

/** One monitored Redis server. `url` holds credentials: it never leaves this process. */
export interface TargetConfig {
  id: string;
  name: string;
  url: string;
  /** `host:port`, safe to show. */
  address: string;
  tls: boolean;
  /** The password, kept so error text can be scrubbed of it. */
  secret: string | null;
  /** `name=url;readonly`: the dashboard never writes to this server, whoever is signed in. */
  readonly: boolean;
  /** `cluster+redis://seed:port`: a Redis Cluster, polled node by node (each node becomes a target). */
  cluster: boolean;
  /** For a node discovered in a cluster: the cluster target it belongs to. */
  group: { clusterId: string; clusterName: string } | null;
}

/** A write credential. The label names who acted in the audit log; the token never leaves the process. */
export interface AdminToken {
  label: string;
  token: string;
}

export interface AppConfig {
  targets: TargetConfig[];
  pollMs: number;
  /** FRAGSCOPE_LATENCY_MS: how often LATENCY HISTOGRAM of the busy commands is read (within a poll). */
  latencyMs: number;
  /** A poll still unanswered after this long drops the connection and reconnects (black holes). */
  pollTimeoutMs: number;
  /** Full snapshots kept per target (the charts' history is the columnar store in lib/history). */
  historySize: number;
  /** PEM of FRAGSCOPE_TLS_CA_FILE: the CA that signed the servers' certificates (rediss://). */
  tlsCa: string | null;
  /** From FRAGSCOPE_ADMIN_TOKEN; empty means every write is refused. */
  adminTokens: AdminToken[];
  /** FRAGSCOPE_DATA_DIR (default ./data): the audit log and maintenance windows live here. */
  dataDir: string;
  /** FRAGSCOPE_CLUSTER_REFRESH_MS: how often a cluster's topology is read again. */
  clusterRefreshMs: number;
  /** FRAGSCOPE_HISTORY_HOURS: hours of 1 s history per target (compressed: ~2 MiB per target at 24). */
  fineHistoryHours: number;
  /** FRAGSCOPE_IDLE_POLL_MS (default 5000, never below pollMs): the poll period while nobody needs 1 s samples. */
  idlePollMs: number;
  /** FRAGSCOPE_STATE_REDIS_URL: a Redis for the replicas' shared state (never a monitored one); null: files. */
  stateRedisUrl: string | null;
  /** FRAGSCOPE_PROMETHEUS_URL: a Prometheus scraping /api/metrics, for ranges beyond the in-memory history; null: none. */
  prometheusUrl: string | null;
  /** FRAGSCOPE_ALERT_RULES and FRAGSCOPE_ALERT_WEBHOOK. */
  alerts: AlertSettings;
  /** FRAGSCOPE_DEMO=1 (`npm run demo`): the lab panel may fragment and churn the lab server. */
  demo: boolean;
  /** FRAGSCOPE_MAX_STREAMS_PER_CLIENT (32) and FRAGSCOPE_MAX_STREAMS (2000): open SSE streams, 429 beyond (scripts/serve.mjs enforces them, before Next's router). */
  maxStreamsPerClient: number;
  maxStreams: number;
  /** FRAGSCOPE_ALLOWED_HOSTS (scripts/serve.mjs enforces it on every request); null: the listen address and localhost. */
  allowedHosts: string[] | null;
}

export interface AlertSettings {
  rules: AlertRules;
  /** The raw FRAGSCOPE_ALERT_WEBHOOK (validated), or null. Holds secrets: never log it. */
  webhookUrl: string | null;
  webhook: WebhookTarget | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Fragscope configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** A whole number in [min, max]; unset or blank is `undefined` (the caller's default applies). */
const intSetting = (name: string, min: number, max: number, unit: 'ms' | 'hours' | null) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): number | undefined => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}, got "${raw}"` });
        return z.NEVER;
      }
      return value;
    });

/** A setting parsed by a function that reports into a problem list (the target list, tokens, the CA file). */
const collected = <T>(parse: (raw: string | undefined, problems: string[]) => T) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      const problems: string[] = [];
      const value = parse(raw, problems);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return problems.length > 0 ? z.NEVER : value;
    });

/**
 * Every variable the dashboard reads, one key each, in the order their problems are listed. Each
 * key checks only its own variable, so one bad value never hides another's problem; the few
 * defaults that depend on two variables are settled in `toAppConfig`. The server reads nothing
 * else from its environment. Not here, on purpose: PORT and HOST (where to listen: the launcher's
 * job, scripts/launch-dashboard.ts and scripts/serve.mjs), NODE_ENV (Next's), and the variables of
 * the lab CLI, the demo launcher and the tests (FRAGSCOPE_CACHE_DIR, FRAGSCOPE_REDIS_SERVER,
 * FRAGSCOPE_DEBIAN_MIRROR, FRAGSCOPE_LAB_ENGINES, FRAGSCOPE_LAB_DEBUG, FRAGSCOPE_FAULT_SEED), which
 * scripts/ and the tests read themselves and the server never sees.
 */
export const envSchema = z.object({
  FRAGSCOPE_POLL_MS: intSetting('FRAGSCOPE_POLL_MS', 100, 60_000, 'ms'),
  FRAGSCOPE_IDLE_POLL_MS: intSetting('FRAGSCOPE_IDLE_POLL_MS', 100, 600_000, 'ms'),
  FRAGSCOPE_LATENCY_MS: intSetting('FRAGSCOPE_LATENCY_MS', 1000, 600_000, 'ms'),
  FRAGSCOPE_POLL_TIMEOUT_MS: intSetting('FRAGSCOPE_POLL_TIMEOUT_MS', 100, 600_000, 'ms'),
  FRAGSCOPE_HISTORY_SIZE: intSetting('FRAGSCOPE_HISTORY_SIZE', 1, 100_000, null),
  FRAGSCOPE_TARGETS: collected(parseTargetList),
  /** Only read when FRAGSCOPE_TARGETS is unset (parseConfig drops it otherwise): an overridden value is not checked. */
  REDIS_URL: collected((raw, problems) => parseTarget('default', raw?.trim() || DEFAULT_REDIS_URL, 'REDIS_URL', problems)),
  FRAGSCOPE_TLS_CA_FILE: collected(readCaFile),
  FRAGSCOPE_ADMIN_TOKEN: collected(parseAdminTokens),
  FRAGSCOPE_CLUSTER_REFRESH_MS: intSetting('FRAGSCOPE_CLUSTER_REFRESH_MS', 500, 600_000, 'ms'),
  FRAGSCOPE_STATE_REDIS_URL: collected(parseStateUrl),
  FRAGSCOPE_HISTORY_HOURS: intSetting('FRAGSCOPE_HISTORY_HOURS', 1, 24, 'hours'),
  FRAGSCOPE_PROMETHEUS_URL: collected(parsePrometheusUrl),
  // A runtime path (not a module): the ignore comment keeps Turbopack from tracing the whole project for it.
  FRAGSCOPE_DATA_DIR: z
    .string()
    .optional()
    .transform((raw) => path.resolve(/* turbopackIgnore: true */ raw?.trim() || 'data')),
  FRAGSCOPE_ALERT_RULES: collected((raw, problems) => {
    const result = parseAlertRules(raw);
    if (!result.ok) problems.push(...result.problems);
    return result.ok ? result.rules : null;
  }),
  FRAGSCOPE_ALERT_WEBHOOK: collected((raw, problems) => {
    const result = parseWebhookUrl(raw);
    if (!result.ok) problems.push(result.problem);
    // The raw text is kept for the manager (which parses it again); null when unset or blank.
    return result.ok && result.target ? { url: raw!.trim(), target: result.target } : null;
  }),
  FRAGSCOPE_MAX_STREAMS_PER_CLIENT: intSetting('FRAGSCOPE_MAX_STREAMS_PER_CLIENT', 1, 100_000, null),
  FRAGSCOPE_MAX_STREAMS: intSetting('FRAGSCOPE_MAX_STREAMS', 1, 1_000_000, null),
  FRAGSCOPE_ALLOWED_HOSTS: collected(parseAllowedHosts),
  /** Set to 1 by `npm run demo`; any other value is simply "not the demo". */
  FRAGSCOPE_DEMO: z
    .string()
    .optional()
    .transform((raw) => raw === '1'),
});

export type EnvVariable = keyof typeof envSchema.shape;
type ParsedEnv = z.output<typeof envSchema>;

function toAppConfig(env: ParsedEnv): AppConfig {
  const pollMs = env.FRAGSCOPE_POLL_MS ?? 1000;
  return {
    targets: env.FRAGSCOPE_TARGETS ?? (env.REDIS_URL ? [env.REDIS_URL] : []),
    pollMs,
    latencyMs: env.FRAGSCOPE_LATENCY_MS ?? 5000,
    pollTimeoutMs: env.FRAGSCOPE_POLL_TIMEOUT_MS ?? Math.max(5000, pollMs * 5),
    historySize: env.FRAGSCOPE_HISTORY_SIZE ?? 60,
    tlsCa: env.FRAGSCOPE_TLS_CA_FILE,
    adminTokens: env.FRAGSCOPE_ADMIN_TOKEN,
    dataDir: env.FRAGSCOPE_DATA_DIR,
    clusterRefreshMs: env.FRAGSCOPE_CLUSTER_REFRESH_MS ?? 10_000,
    stateRedisUrl: env.FRAGSCOPE_STATE_REDIS_URL,
    prometheusUrl: env.FRAGSCOPE_PROMETHEUS_URL,
    fineHistoryHours: env.FRAGSCOPE_HISTORY_HOURS ?? 24,
    idlePollMs: Math.max(pollMs, env.FRAGSCOPE_IDLE_POLL_MS ?? 5000),
    alerts: alertSettingsOf(env),
    demo: env.FRAGSCOPE_DEMO,
    maxStreamsPerClient: env.FRAGSCOPE_MAX_STREAMS_PER_CLIENT ?? 32,
    maxStreams: env.FRAGSCOPE_MAX_STREAMS ?? 2000,
    allowedHosts: env.FRAGSCOPE_ALLOWED_HOSTS,
  };
}

function alertSettingsOf(env: Pick<ParsedEnv, 'FRAGSCOPE_ALERT_RULES' | 'FRAGSCOPE_ALERT_WEBHOOK'>): AlertSettings {
  return {
    rules: env.FRAGSCOPE_ALERT_RULES ?? alertRulesSchema.parse({}),
    webhookUrl: env.FRAGSCOPE_ALERT_WEBHOOK?.url ?? null,
    webhook: env.FRAGSCOPE_ALERT_WEBHOOK?.target ?? null,
  };
}

/** Zod's own messages (a value that is not a string at all) do not name the variable: the path does. */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.code === 'custom' ? issue.message : `${issue.path.join('.')}: ${issue.message}`));
}

/**
 * Reads the whole configuration from an environment, collecting every problem so the operator
 * sees one message that lists them all (`npm start` checks it before building anything). Pure
 * apart from reading the CA file: pass `process.env` or a test object.
 */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // FRAGSCOPE_TARGETS overrides REDIS_URL, so a REDIS_URL left in the environment is neither used nor checked.
  const input = env.FRAGSCOPE_TARGETS?.trim() ? { ...env, REDIS_URL: undefined } : { ...env, FRAGSCOPE_TARGETS: undefined };
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  return toAppConfig(parsed.data);
}

const alertEnvSchema = envSchema.pick({ FRAGSCOPE_ALERT_RULES: true, FRAGSCOPE_ALERT_WEBHOOK: true });

/** The alert variables alone, through the same schema (parseConfig reads them too, as `alerts`). */
export function parseAlertSettings(env: Record<string, string | undefined>): AlertSettings {
  const parsed = alertEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  return alertSettingsOf(parsed.data);
}

function parseStateUrl(raw: string | undefined, problems: string[]): string | null {
  const text = raw?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') return text;
  } catch {
    // reported below
  }
  problems.push(`FRAGSCOPE_STATE_REDIS_URL must be a redis:// or rediss:// URL (got "${redactUrlish(text)}")`);
  return null;
}

/** http(s) only; credentials in it are allowed (sent as basic auth) but never echoed back. */
function parsePrometheusUrl(raw: string | undefined, problems: string[]): string | null {
  const text = raw?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text;
  } catch {
    // reported below
  }
  problems.push(`FRAGSCOPE_PROMETHEUS_URL must be an http:// or https:// URL (got "${redactUrlish(text)}")`);
  return null;
}

const MIN_TOKEN_LENGTH = 16;
const LABELLED_TOKEN = /^([A-Za-z0-9_.-]{1,32}):(\S+)$/;

/**
 * `FRAGSCOPE_ADMIN_TOKEN` is one token (audited as "admin") or a list `alice:<token>,bob:<token>`
 * so the audit log can say who acted. Messages never quote a token.
 */
export function parseAdminTokens(raw: string | undefined, problems: string[]): AdminToken[] {
  const text = raw?.trim();
  if (!text) return [];
  const entries = text.split(',').map((e) => e.trim());
  const labelled = entries.map((e) => LABELLED_TOKEN.exec(e));
  const tokens: AdminToken[] = labelled.every((m) => m !== null) ? labelled.map((m) => ({ label: m![1]!, token: m![2]! })) : [{ label: 'admin', token: text }];
  const labels = new Set<string>();
  for (const [index, { label, token }] of tokens.entries()) {
    if (token.length < MIN_TOKEN_LENGTH) {
      problems.push(`FRAGSCOPE_ADMIN_TOKEN entry ${index + 1} (${label}) is shorter than ${MIN_TOKEN_LENGTH} characters; use e.g. \`openssl rand -hex 24\``);
    }
    if (labels.has(label)) problems.push(`FRAGSCOPE_ADMIN_TOKEN: the label "${label}" is used twice`);
    labels.add(label);
  }
  if (new Set(tokens.map((t) => t.token)).size !== tokens.length) problems.push('FRAGSCOPE_ADMIN_TOKEN: two labels share one token');
  return tokens;
}

/** `name,name2` (no ports; `*` allows any Host); unset or blank: null (scripts/serve.mjs's default). */
function parseAllowedHosts(raw: string | undefined, problems: string[]): string[] | null {
  const names = (raw ?? '')
    .split(',')
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, ''),
    )
    .filter(Boolean);
  for (const name of names) {
    if (name !== '*' && !/^[a-z0-9.-]+$|^[0-9a-f:.]+$/.test(name)) problems.push(`FRAGSCOPE_ALLOWED_HOSTS: "${name}" is not a host name (no scheme, no port)`);
  }
  return names.length > 0 ? names : null;
}

function readCaFile(file: string | undefined, problems: string[]): string | null {
  if (!file?.trim()) return null;
  try {
    const pem = readFileSync(file.trim(), 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) problems.push(`FRAGSCOPE_TLS_CA_FILE ${file} holds no PEM certificate`);
    return pem;
  } catch (error) {
    problems.push(`FRAGSCOPE_TLS_CA_FILE ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return null;
  }
}

/** `name=url,name2=url2`; unset or blank: `undefined` (then REDIS_URL names the one target). */
function parseTargetList(raw: string | undefined, problems: string[]): TargetConfig[] | undefined {
  const list = raw?.trim();
  if (!list) return undefined;
  const targets: TargetConfig[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of list.split(',').entries()) {
    const item = entry.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) {
      problems.push(`FRAGSCOPE_TARGETS entry ${index + 1} must be name=url (got "${redactUrlish(item)}")`);
      continue;
    }
    const name = item.slice(0, eq).trim();
    const id = slugify(name);
    if (id === '') {
      problems.push(`FRAGSCOPE_TARGETS entry ${index + 1}: the name "${name}" has no letters or digits`);
      continue;
    }
    if (seen.has(id)) {
      problems.push(`FRAGSCOPE_TARGETS: two targets have the id "${id}"`);
      continue;
    }
    seen.add(id);
    const target = parseTarget(id, item.slice(eq + 1).trim(), `FRAGSCOPE_TARGETS entry "${name}"`, problems, name);
    if (target) targets.push(target);
  }
  if (targets.length === 0 && problems.length === 0) problems.push('FRAGSCOPE_TARGETS names no target');
  return targets;
}

function parseTarget(id: string, rawWithFlags: string, where: string, problems: string[], name = id): TargetConfig | null {
  // Only a trailing `;readonly` is a flag: a password may itself hold a semicolon.
  const flagged = /;\s*readonly\s*$/i.exec(rawWithFlags);
  const flaggedOff = flagged ? rawWithFlags.slice(0, flagged.index).trim() : rawWithFlags;
  // `cluster+redis://` names a seed node of a Redis Cluster; the URL itself is a plain redis:// one.
  const cluster = /^cluster\+rediss?:\/\//i.test(flaggedOff);
  const raw = cluster ? flaggedOff.slice('cluster+'.length) : flaggedOff;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${where}: not a URL (expected redis://[user:password@]host:port[/db])`);
    return null;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    problems.push(`${where}: the scheme must be redis://, rediss:// or cluster+redis:// (got ${url.protocol}//)`);
    return null;
  }
  if (url.hostname === '') {
    problems.push(`${where}: the URL has no host`);
    return null;
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    problems.push(`${where}: the database in the URL path must be a number (got "/${db}")`);
    return null;
  }
  const tls = url.protocol === 'rediss:';
  const port = url.port || '6379';
  return {
    id,
    name,
    url: raw,
    address: `${url.hostname}:${port}`,
    tls,
    secret: url.password ? decodeURIComponent(url.password) : null,
    readonly: flagged !== null,
    cluster,
    group: null,
  };
}

/** Lower-case slug: letters, digits and dashes. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** For error messages about text that may hold a password: keep the shape, drop the secret. */
function redactUrlish(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}

/** Removes a target's password from any text before it is shown or logged. */
export function scrubSecret(text: string, target: Pick<TargetConfig, 'secret'>): string {
  if (!target.secret) return text;
  return text.split(target.secret).join('***').split(encodeURIComponent(target.secret)).join('***');
}
