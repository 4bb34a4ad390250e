import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/env';
import { alertSettingsFromEnv } from './settings';
import { parseWebhookUrl } from './webhook-url';

describe('FRAGSCOPE_ALERT_WEBHOOK', () => {
  it('unset or blank: no webhook', () => {
    expect(parseWebhookUrl(undefined)).toEqual({ ok: true, target: null });
    expect(parseWebhookUrl('  ')).toEqual({ ok: true, target: null });
  });

  it('an https URL: shown as scheme and host only; credentials move to a Basic header', () => {
    const result = parseWebhookUrl(' https://alert%40ops:p%3Ass@hooks.example.com:8443/services/T0/B0/XXXX?token=abc ');
    expect(result).toEqual({
      ok: true,
      target: {
        url: 'https://hooks.example.com:8443/services/T0/B0/XXXX?token=abc',
        display: 'https://hooks.example.com:8443',
        authorization: `Basic ${Buffer.from('alert@ops:p:ss').toString('base64')}`,
      },
    });
  });

  it('refuses other schemes and non-URLs without quoting the value', () => {
    const ftp = parseWebhookUrl('ftp://user:hunter2@example.com/x');
    expect(ftp).toEqual({ ok: false, problem: 'FRAGSCOPE_ALERT_WEBHOOK must be an http:// or https:// URL (got ftp://)' });
    const junk = parseWebhookUrl('hooks.example.com/hunter2');
    expect(junk.ok).toBe(false);
    expect(JSON.stringify(junk)).not.toContain('hunter2');
  });

  it('alertSettingsFromEnv reports rule and webhook problems together as a ConfigError', () => {
    let error: unknown;
    try {
      alertSettingsFromEnv({ FRAGSCOPE_ALERT_RULES: '{"nope":{}}', FRAGSCOPE_ALERT_WEBHOOK: 'mailto:hunter2@example.com' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(2);
    expect((error as ConfigError).message).toMatch(/unknown rule "nope"/);
    expect((error as ConfigError).message).not.toContain('hunter2');
    const ok = alertSettingsFromEnv({ FRAGSCOPE_ALERT_WEBHOOK: 'http://127.0.0.1:9/x' });
    expect(ok.webhookUrl).toBe('http://127.0.0.1:9/x');
    expect(ok.rules['target-down'].forSeconds).toBe(30);
  });
});
