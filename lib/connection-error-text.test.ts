import { describe, expect, it } from 'vitest';
import { connectionErrorText } from './connection-error-text';

describe('connectionErrorText', () => {
  it('turns library text into a sentence', () => {
    expect(connectionErrorText("Stream isn't writeable and enableOfflineQueue options is false")).toBe(
      'The connection to Redis is down; Fragscope keeps trying to reconnect.',
    );
    expect(connectionErrorText('connect ECONNREFUSED 127.0.0.1:6379')).toMatch(/^Redis refused the connection/);
    expect(connectionErrorText('WRONGPASS invalid username-password pair or user is disabled.')).toMatch(/credentials/);
    expect(connectionErrorText('poll timed out after 2000 ms')).toMatch(/did not answer in time/);
    expect(connectionErrorText('LOADING Redis is loading the dataset in memory')).toMatch(/loading its dataset/);
  });

  it('never shows raw text as the sentence, even when it knows nothing', () => {
    expect(connectionErrorText('weird thing 0x1f')).toBe('Redis cannot be reached right now; Fragscope keeps trying.');
  });
});
