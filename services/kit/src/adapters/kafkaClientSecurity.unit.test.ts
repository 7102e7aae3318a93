import { describe, expect, it } from 'vitest';
import { loadConfig, z } from '../config.js';
import { ConfigError } from '../errors.js';
import { checkKafkaSecurity, kafkaSecuritySettings } from '../kafkaSecuritySettings.js';
import { kafkaClientSecurity } from './kafkaClientSecurity.js';

const schema = z
  .object({ KAFKA_BROKERS: z.string().default('b:9092'), ...kafkaSecuritySettings })
  .superRefine(checkKafkaSecurity);
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(schema, env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.path).sort();
  }
};
const files: Record<string, string> = { '/ca.pem': 'CA', '/c.pem': 'CERT', '/k.pem': 'KEY' };
const read = (path: string) => files[path]!;

describe('Kafka TLS and SASL settings', () => {
  it('leave the client as it was when unset (plaintext, as the local broker)', () => {
    expect(kafkaClientSecurity(loadConfig(schema, {}), read)).toEqual({});
  });

  it('give kafkajs TLS with a CA and a client certificate, and SCRAM credentials', () => {
    const config = loadConfig(schema, {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/ca.pem',
      KAFKA_SSL_CERT_FILE: '/c.pem',
      KAFKA_SSL_KEY_FILE: '/k.pem',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'hub',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(kafkaClientSecurity(config, read)).toEqual({
      ssl: { rejectUnauthorized: true, ca: ['CA'], cert: 'CERT', key: 'KEY' },
      sasl: { mechanism: 'scram-sha-512', username: 'hub', password: 's3cret' },
    });
    expect(kafkaClientSecurity(loadConfig(schema, { KAFKA_SSL: '1' }), read)).toEqual({
      ssl: { rejectUnauthorized: true },
    });
  });

  it('refuse, naming every setting, combinations that cannot work or would send a password in clear', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_USERNAME',
    ]);
    expect(
      problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toEqual(['KAFKA_SASL_MECHANISM']);
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u' })).toEqual(['KAFKA_SASL_USERNAME']);
    expect(problemsOf({ KAFKA_SSL_CA_FILE: '/ca.pem' })).toEqual(['KAFKA_SSL_CA_FILE']);
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/c.pem' })).toEqual(['KAFKA_SSL_KEY_FILE']);
    expect(problemsOf({ KAFKA_SSL: 'yes', KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual([
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SSL',
    ]);
  });
});
