import { describe, expect, it } from 'vitest';
import { csv, describeConfig, flag, loadConfig, z } from './config.js';
import { ConfigError } from './errors.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  KAFKA_BROKERS: csv().default(['127.0.0.1:9092']),
  STRICT: flag().default(false),
  SECRET_KEY: z.string().min(8),
});

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig(schema, { SECRET_KEY: 'abcdefgh' });
    expect(config).toEqual({
      PORT: 8080,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      STRICT: false,
      SECRET_KEY: 'abcdefgh',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig(schema, { PORT: 'x', STRICT: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.path).sort()).toEqual([
        'PORT',
        'SECRET_KEY',
        'STRICT',
      ]);
      expect((err as ConfigError).code).toBe('CONFIG_INVALID');
    }
  });

  it('reads only the variables the schema names, and parses lists', () => {
    const config = loadConfig(schema, { SECRET_KEY: 'abcdefgh', KAFKA_BROKERS: 'a:1, b:2', UNRELATED: 'x' });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('masks secrets when described', () => {
    const config = loadConfig(schema, { SECRET_KEY: 'abcdefgh' });
    expect(describeConfig(config, ['SECRET_KEY']).SECRET_KEY).toBe('[secret]');
  });
});
