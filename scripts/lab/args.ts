import { isLabEngine, LAB_ENGINES, type LabEngine } from './engines';
import { DEFAULT_FRAGMENT_KEYS, FRAGMENT_SHAPES, type FragmentShape } from '../../lib/lab/fragment';

/**
 * Command-line parsing for `npm run lab -- <command>`. Hand-written rather than node:util
 * parseArgs so every mistake gets a message that names the command, the option and what would
 * have been valid. Pure: throws UsageError, never exits.
 */
export type LabCommand =
  | { command: 'help'; topic?: string }
  | { command: 'build'; engines: LabEngine[]; rebuild: boolean }
  | { command: 'start'; engine?: LabEngine; packaged: boolean; port?: number }
  | { command: 'fragment'; url: string; keys: number; shape: FragmentShape; force: boolean }
  | { command: 'churn'; url: string; rate: number; seconds: number; force: boolean };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionKind = 'string' | 'flag';
const COMMAND_OPTIONS: Record<Exclude<LabCommand['command'], 'help'>, Record<string, OptionKind>> = {
  build: { engine: 'string', rebuild: 'flag' },
  start: { engine: 'string', packaged: 'flag', port: 'string' },
  fragment: { url: 'string', keys: 'string', shape: 'string', force: 'flag' },
  churn: { url: 'string', rate: 'string', seconds: 'string', force: 'flag' },
};
const COMMANDS = Object.keys(COMMAND_OPTIONS) as Array<keyof typeof COMMAND_OPTIONS>;

export const USAGE = `usage: npm run lab -- <command> [options]

  build    [--engine redis-7.0|redis-8.0|redis-8.6|valkey-8.1|valkey-9.1|all] [--rebuild]
           build a defrag-capable server from Debian's upstream source (default redis-7.0)
  start    [--engine E | --packaged] [--port N]
           run a lab server in the foreground on a free loopback port; Ctrl-C stops it
           (default: best cached build, else the system redis-server; FRAGSCOPE_REDIS_SERVER overrides)
  fragment --url URL [--keys N] [--shape strings|hashes|lists|mixed] [--force]
           fill, then delete two keys in three, and print memory figures before/after
           (default --keys ${DEFAULT_FRAGMENT_KEYS})
  churn    --url URL --rate OPS_PER_SEC --seconds S [--force]
           steady writes and deletes that keep fragmenting memory, then stop

fragment and churn only touch lab servers (started by \`lab start\` or the test harness)
unless --force is given. Cache: $FRAGSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/fragscope, else ~/.cache/fragscope.`;

export function parseLabArgs(argv: readonly string[]): LabCommand {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return { command: 'help', topic: rest[0] };
  if (name.startsWith('-')) throw new UsageError(`expected a command before ${name}; commands: ${COMMANDS.join(', ')}`);
  if (!(COMMANDS as string[]).includes(name)) {
    throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.join(', ')}`);
  }
  const command = name as keyof typeof COMMAND_OPTIONS;
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help', topic: command };
  const options = readOptions(command, rest);

  switch (command) {
    case 'build': {
      const engine = stringOption(options, 'engine') ?? 'redis-7.0';
      const engines = engine === 'all' ? [...LAB_ENGINES] : [parseEngine(command, engine)];
      return { command, engines, rebuild: options.has('rebuild') };
    }
    case 'start': {
      const engineValue = stringOption(options, 'engine');
      const packaged = options.has('packaged');
      if (engineValue !== undefined && packaged) {
        throw new UsageError('start: --engine and --packaged are mutually exclusive (pick one server)');
      }
      const portValue = stringOption(options, 'port');
      return {
        command,
        engine: engineValue === undefined ? undefined : parseEngine(command, engineValue),
        packaged,
        port: portValue === undefined ? undefined : parseInteger(command, 'port', portValue, 1, 65535),
      };
    }
    case 'fragment': {
      const keysValue = stringOption(options, 'keys');
      const shapeValue = stringOption(options, 'shape') ?? 'strings';
      if (!(FRAGMENT_SHAPES as readonly string[]).includes(shapeValue)) {
        throw new UsageError(`fragment: --shape must be one of ${FRAGMENT_SHAPES.join(', ')} (got "${shapeValue}")`);
      }
      return {
        command,
        url: parseUrl(command, requireOption(command, options, 'url')),
        keys: keysValue === undefined ? DEFAULT_FRAGMENT_KEYS : parseInteger(command, 'keys', keysValue, 3, 50_000_000),
        shape: shapeValue as FragmentShape,
        force: options.has('force'),
      };
    }
    case 'churn':
      return {
        command,
        url: parseUrl(command, requireOption(command, options, 'url')),
        rate: parseInteger(command, 'rate', requireOption(command, options, 'rate'), 1, 1_000_000),
        seconds: parseNumber(command, 'seconds', requireOption(command, options, 'seconds'), 0.1, 86_400),
        force: options.has('force'),
      };
  }
}

function readOptions(command: keyof typeof COMMAND_OPTIONS, args: string[]): Map<string, string | true> {
  const known = COMMAND_OPTIONS[command];
  const expected = Object.keys(known)
    .map((o) => `--${o}`)
    .join(', ');
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      throw new UsageError(`${command}: unexpected argument "${arg}" (options: ${expected})`);
    }
    const eq = arg.indexOf('=');
    const key = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const kind = known[key];
    if (!kind) throw new UsageError(`${command}: unknown option --${key} (options: ${expected})`);
    if (options.has(key)) throw new UsageError(`${command}: --${key} given twice`);
    if (kind === 'flag') {
      if (eq !== -1) throw new UsageError(`${command}: --${key} is a flag and takes no value`);
      options.set(key, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${command}: --${key} needs a value`);
      i += 1;
    }
    if (value === '') throw new UsageError(`${command}: --${key} needs a value`);
    options.set(key, value);
  }
  return options;
}

function stringOption(options: Map<string, string | true>, key: string): string | undefined {
  const value = options.get(key);
  return typeof value === 'string' ? value : undefined;
}

function requireOption(command: string, options: Map<string, string | true>, key: string): string {
  const value = stringOption(options, key);
  if (value === undefined) throw new UsageError(`${command}: --${key} is required`);
  return value;
}

function parseEngine(command: string, value: string): LabEngine {
  if (isLabEngine(value)) return value;
  const all = command === 'build' ? '|all' : '';
  throw new UsageError(`${command}: --engine must be ${LAB_ENGINES.join('|')}${all} (got "${value}")`);
}

/** Accepts 2000000, 2_000_000, 2,000,000, 500k and 2m: key counts are easier to type that way. */
export function parseInteger(command: string, key: string, value: string, min: number, max: number): number {
  const match = /^(\d[\d_,]*)([km]?)$/i.exec(value.trim());
  const digits = match?.[1]?.replace(/[_,]/g, '');
  if (!match || !digits) throw new UsageError(`${command}: --${key} must be a whole number (got "${value}")`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  const n = Number(digits) * scale;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${command}: --${key} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')} (got "${value}")`);
  }
  return n;
}

function parseNumber(command: string, key: string, value: string, min: number, max: number): number {
  const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new UsageError(`${command}: --${key} must be a number (got "${value}")`);
  if (n < min || n > max) throw new UsageError(`${command}: --${key} must be between ${min} and ${max} (got "${value}")`);
  return n;
}

function parseUrl(command: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${command}: --url must look like redis://127.0.0.1:6379 (got "${value}")`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`${command}: --url must start with redis:// or rediss:// (got "${value}")`);
  }
  if (!url.hostname) throw new UsageError(`${command}: --url has no host (got "${value}")`);
  return value;
}
