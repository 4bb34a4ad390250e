import { describe, expect, it } from 'vitest';
import { parseLabArgs, UsageError } from './args';
import { DEFAULT_FRAGMENT_KEYS } from '../../lib/lab/fragment';

const URL = 'redis://127.0.0.1:45678';

function usageError(argv: string[]): string {
  try {
    parseLabArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a UsageError for: ${argv.join(' ')}`);
}

describe('parseLabArgs', () => {
  it('shows help without a command, for help, and for --help after a command', () => {
    expect(parseLabArgs([])).toEqual({ command: 'help', topic: undefined });
    expect(parseLabArgs(['help'])).toMatchObject({ command: 'help' });
    expect(parseLabArgs(['fragment', '--help'])).toEqual({ command: 'help', topic: 'fragment' });
  });

  it('parses build with its defaults and --engine all', () => {
    expect(parseLabArgs(['build'])).toEqual({ command: 'build', engines: ['redis-7.0'], rebuild: false });
    expect(parseLabArgs(['build', '--engine', 'valkey-8.1', '--rebuild'])).toEqual({ command: 'build', engines: ['valkey-8.1'], rebuild: true });
    expect(parseLabArgs(['build', '--engine=all'])).toMatchObject({ engines: ['redis-7.0', 'redis-8.0', 'redis-8.6', 'valkey-8.1', 'valkey-9.1'] });
  });

  it('parses start', () => {
    expect(parseLabArgs(['start'])).toEqual({ command: 'start', engine: undefined, packaged: false, port: undefined });
    expect(parseLabArgs(['start', '--packaged', '--port', '40001'])).toEqual({ command: 'start', engine: undefined, packaged: true, port: 40001 });
    expect(parseLabArgs(['start', '--engine', 'redis-8.0'])).toMatchObject({ engine: 'redis-8.0', packaged: false });
  });

  it('parses fragment with defaults and friendly numbers', () => {
    expect(parseLabArgs(['fragment', '--url', URL])).toEqual({ command: 'fragment', url: URL, keys: DEFAULT_FRAGMENT_KEYS, shape: 'strings', force: false });
    expect(parseLabArgs(['fragment', '--url', URL, '--keys', '2m', '--shape', 'mixed', '--force'])).toMatchObject({
      keys: 2_000_000,
      shape: 'mixed',
      force: true,
    });
    expect(parseLabArgs(['fragment', `--url=${URL}`, '--keys=1_500_000'])).toMatchObject({ keys: 1_500_000 });
    expect(parseLabArgs(['fragment', '--url', URL, '--keys', '300k'])).toMatchObject({ keys: 300_000 });
  });

  it('parses churn', () => {
    expect(parseLabArgs(['churn', '--url', URL, '--rate', '5000', '--seconds', '2.5'])).toEqual({
      command: 'churn',
      url: URL,
      rate: 5000,
      seconds: 2.5,
      force: false,
    });
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate".*build, start, fragment, churn/],
    [['--engine', 'redis-7.0'], /expected a command before --engine/],
    [['build', '--engine', 'redis-6.2'], /--engine must be redis-7\.0\|redis-8\.0\|redis-8\.6\|valkey-8\.1\|valkey-9\.1\|all \(got "redis-6\.2"\)/],
    [['start', '--engine', 'all'], /--engine must be redis-7\.0\|redis-8\.0\|redis-8\.6\|valkey-8\.1\|valkey-9\.1 \(got "all"\)/],
    [['start', '--engine', 'redis-7.0', '--packaged'], /mutually exclusive/],
    [['start', '--port', '0'], /--port must be between 1 and 65,535/],
    [['start', '--port', '70000'], /--port must be between/],
    [['start', '--port', 'http'], /--port must be a whole number \(got "http"\)/],
    [['start', '--verbose'], /start: unknown option --verbose \(options: --engine, --packaged, --port\)/],
    [['start', 'now'], /unexpected argument "now"/],
    [['fragment'], /fragment: --url is required/],
    [['fragment', '--url'], /--url needs a value/],
    [['fragment', '--url', '--keys', '5'], /--url needs a value/],
    [['fragment', '--url', 'localhost:6379'], /--url must (look like|start with) redis:\/\//],
    [['fragment', '--url', 'http://127.0.0.1:6379'], /--url must start with redis:\/\/ or rediss:\/\//],
    [['fragment', '--url', URL, '--keys', '-5'], /--keys must be a whole number \(got "-5"\)/],
    [['fragment', '--url', URL, '--keys', '1.5'], /--keys must be a whole number/],
    [['fragment', '--url', URL, '--keys', '2'], /--keys must be between 3 and 50,000,000/],
    [['fragment', '--url', URL, '--keys', '100m'], /--keys must be between/],
    [['fragment', '--url', URL, '--shape', 'sets'], /--shape must be one of strings, hashes, lists, mixed \(got "sets"\)/],
    [['fragment', '--url', URL, '--force=yes'], /--force is a flag and takes no value/],
    [['fragment', '--url', URL, '--url', URL], /--url given twice/],
    [['churn', '--url', URL, '--seconds', '5'], /churn: --rate is required/],
    [['churn', '--url', URL, '--rate', '100'], /churn: --seconds is required/],
    [['churn', '--url', URL, '--rate', '0', '--seconds', '5'], /--rate must be between 1 and/],
    [['churn', '--url', URL, '--rate', '10', '--seconds', 'forever'], /--seconds must be a number \(got "forever"\)/],
    [['churn', '--url', URL, '--rate', '10', '--seconds', '100000'], /--seconds must be between 0.1 and 86400/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });
});
