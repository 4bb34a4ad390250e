import type Redis from 'ioredis';

/**
 * What the lab tests set to make a fragmented lab server defragment now and hard: a 1 MB floor and a
 * 5 % threshold that any `npm run lab -- fragment` result passes, and a 75 % effort ceiling so the
 * run ends in seconds, not minutes. One CONFIG SET, so the run starts with all four in place.
 */
export const AGGRESSIVE_DEFRAG = [
  'active-defrag-ignore-bytes',
  '1mb',
  'active-defrag-threshold-lower',
  '5',
  'active-defrag-cycle-max',
  '75',
  'activedefrag',
  'yes',
] as const;

export async function startAggressiveDefrag(client: Redis): Promise<void> {
  await client.call('CONFIG', 'SET', ...AGGRESSIVE_DEFRAG);
}
