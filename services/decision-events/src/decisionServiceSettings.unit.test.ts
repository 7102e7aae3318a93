import { ConfigError } from '@sharehub/kit';
import { describe, expect, it } from 'vitest';
import { readDecisionServiceConfig } from './decisionServiceSettings.js';

describe('a decision service’s settings', () => {
  it('reads the common settings and its own under its prefix, with the defaults', () => {
    const config = readDecisionServiceConfig('ROUTER', 'sharehub-router', {
      KAFKA_BROKERS: 'a:9092, b:9092',
      ROUTER_PORT: '8086',
      ROUTER_TRANSACTION_LANES: '4',
      TRIAGE_GROUP_ID: 'not-mine',
    });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(config.ROUTER_GROUP_ID).toBe('sharehub-router');
    expect(config.ROUTER_PORT).toBe(8086);
    expect(config.ROUTER_HOST).toBe('127.0.0.1');
    expect(config.ROUTER_TRANSACTION_LANES).toBe(4);
    expect(config.ROUTER_CONCURRENT_PARTITIONS).toBe(32);
    expect(config.TOPIC_PREFIX).toBe('');
    expect(config.LOG_LEVEL).toBe('info');
    expect(Object.keys(config)).not.toContain('TRIAGE_GROUP_ID');
  });

  it('lists every problem at once, by setting name', () => {
    const read = () =>
      readDecisionServiceConfig('TRIAGE', 'sharehub-triage', {
        TRIAGE_TRANSACTION_LANES: '0',
        TRIAGE_PORT: 'eighty',
        LOG_LEVEL: 'loud',
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.path).sort()).toEqual([
        'LOG_LEVEL',
        'TRIAGE_PORT',
        'TRIAGE_TRANSACTION_LANES',
      ]);
    }
  });

  it('refuses a fault point in production', () => {
    expect(() =>
      readDecisionServiceConfig('TRIAGE', 'sharehub-triage', {
        NODE_ENV: 'production',
        SHAREHUB_FAULT_PAUSE_AT: 'kafka.transaction.beforeCommit',
      }),
    ).toThrow(/SHAREHUB_FAULT_PAUSE_AT/);
    // Outside production the same point is taken.
    expect(
      readDecisionServiceConfig('TRIAGE', 'sharehub-triage', {
        SHAREHUB_FAULT_PAUSE_AT: 'kafka.transaction.beforeCommit',
      }).SHAREHUB_FAULT_PAUSE_AT,
    ).toBe('kafka.transaction.beforeCommit');
  });
});
