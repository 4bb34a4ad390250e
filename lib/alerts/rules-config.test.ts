import { describe, expect, it } from 'vitest';
import { effectiveRules } from './api-schema';
import { parseAlertRules } from './rules-config';

function problems(raw: string): string[] {
  const result = parseAlertRules(raw);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseAlertRules (FRAGSCOPE_ALERT_RULES)', () => {
  it('unset or blank: every rule on with the documented defaults', () => {
    for (const raw of [undefined, '', '  ']) {
      const result = parseAlertRules(raw);
      expect(result).toEqual({
        ok: true,
        rules: {
          'rss-ratio-high': { enabled: true, threshold: 2, forMinutes: 15 },
          'ratio-climbing': { enabled: true, rise: 0.2, forMinutes: 15 },
          'defrag-unsupported': { enabled: true, forMinutes: 1 },
          'effort-at-max': { enabled: true, forMinutes: 10 },
          'target-down': { enabled: true, forSeconds: 30 },
          'defrag-latency': { enabled: true, multiple: 3, forMinutes: 1 },
        },
      });
    }
  });

  it('overrides only what is given; other fields and rules keep their defaults', () => {
    const result = parseAlertRules('{"rss-ratio-high":{"threshold":1.8,"forMinutes":5},"target-down":{"enabled":false}}');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rules['rss-ratio-high']).toEqual({ enabled: true, threshold: 1.8, forMinutes: 5 });
    expect(result.rules['target-down']).toEqual({ enabled: false, forSeconds: 30 });
    expect(result.rules['effort-at-max']).toEqual({ enabled: true, forMinutes: 10 });
  });

  it('fractional minutes are allowed (short durations for drills)', () => {
    const result = parseAlertRules('{"effort-at-max":{"forMinutes":0.5},"rss-ratio-high":{"forMinutes":0}}');
    expect(result.ok && result.rules['effort-at-max'].forMinutes).toBe(0.5);
    expect(result.ok && result.rules['rss-ratio-high'].forMinutes).toBe(0);
  });

  it('an unknown rule is named, with the list of real ones', () => {
    expect(problems('{"rss-ratio":{"threshold":2}}')).toEqual([
      'FRAGSCOPE_ALERT_RULES: unknown rule "rss-ratio"; the rules are rss-ratio-high, ratio-climbing, defrag-unsupported, effort-at-max, target-down, defrag-latency',
    ]);
  });

  it('an unknown field is named with the rule and its real fields', () => {
    expect(problems('{"rss-ratio-high":{"treshold":1.8}}')).toEqual([
      'FRAGSCOPE_ALERT_RULES: rss-ratio-high has no field "treshold"; its fields are enabled, threshold, forMinutes',
    ]);
    expect(problems('{"target-down":{"forMinutes":1}}')).toEqual([
      'FRAGSCOPE_ALERT_RULES: target-down has no field "forMinutes"; its fields are enabled, forSeconds',
    ]);
  });

  it('wrong types and ranges say what is expected, and every problem is listed', () => {
    const list = problems(
      '{"rss-ratio-high":{"threshold":"2"},"effort-at-max":{"forMinutes":-1},"target-down":{"enabled":"no"},"ratio-climbing":{"forMinutes":0}}',
    );
    expect(list).toEqual([
      'FRAGSCOPE_ALERT_RULES: rss-ratio-high.threshold must be a number (the RSS ratio, e.g. 2.0)',
      'FRAGSCOPE_ALERT_RULES: ratio-climbing.forMinutes must be more than 0 minutes',
      'FRAGSCOPE_ALERT_RULES: effort-at-max.forMinutes must be 0 or more minutes',
      'FRAGSCOPE_ALERT_RULES: target-down.enabled must be true or false',
    ]);
    expect(problems('{"target-down":{"forSeconds":1e9}}')[0]).toContain('at most a week');
    expect(problems('{"defrag-latency":{"multiple":1}}')).toEqual(['FRAGSCOPE_ALERT_RULES: defrag-latency.multiple must be above 1']);
  });

  it('a rule that is not an object, a non-object and bad JSON', () => {
    expect(problems('{"target-down":5}')).toEqual(['FRAGSCOPE_ALERT_RULES: target-down must be an object of settings, e.g. {"enabled":false}']);
    expect(problems('[1]')[0]).toMatch(/must be a JSON object keyed by rule id/);
    expect(problems('{"rss-ratio-high":')[0]).toMatch(/^FRAGSCOPE_ALERT_RULES is not valid JSON \(/);
  });

  it('effectiveRules lists each rule with its settings and a readable description', () => {
    const result = parseAlertRules('{"target-down":{"enabled":false,"forSeconds":60}}');
    if (!result.ok) throw new Error('parse');
    const rules = effectiveRules(result.rules);
    expect(rules.map((r) => r.id)).toEqual(['rss-ratio-high', 'ratio-climbing', 'defrag-unsupported', 'effort-at-max', 'target-down', 'defrag-latency']);
    expect(rules[0]).toMatchObject({ enabled: true, severity: 'warning', params: { threshold: 2, forMinutes: 15 } });
    expect(rules[0]!.description).toBe('mem_fragmentation_ratio above 2 for 15 minutes (ignored under 5 MiB used_memory)');
    expect(rules[4]).toMatchObject({ enabled: false, severity: 'critical', params: { forSeconds: 60 }, description: 'no good sample for 60 s' });
  });
});
