import { flag, z } from './config.js';

/**
 * The Kafka TLS and SASL settings every service accepts, to spread into its config schema (then refine it with
 * `checkKafkaSecurity`). All unset: plaintext, no authentication (the local broker).
 *
 * - `KAFKA_SSL` (`true`/`false`): TLS to the brokers; `KAFKA_SSL_CA_FILE` a PEM of the CA(s) to trust instead of
 *   Node's; `KAFKA_SSL_CERT_FILE` + `KAFKA_SSL_KEY_FILE` a client certificate (mutual TLS);
 *   `KAFKA_SSL_REJECT_UNAUTHORIZED` (default true) may be false only for a local test broker.
 * - `KAFKA_SASL_MECHANISM` (`plain`, `scram-sha-256`, `scram-sha-512`) with `KAFKA_SASL_USERNAME` and
 *   `KAFKA_SASL_PASSWORD` (a secret); PLAIN sends the password as it is, so it needs `KAFKA_SSL=true`.
 */
export const kafkaSecuritySettings = {
  KAFKA_SSL: flag().default(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  KAFKA_SSL_REJECT_UNAUTHORIZED: flag().default(true),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

/** The Kafka security settings as validated. */
export type KafkaSecurityConfig = Readonly<z.infer<z.ZodObject<typeof kafkaSecuritySettings>>>;

/** Secret Kafka settings, masked when a config is logged. */
export const KAFKA_SECRETS = ['KAFKA_SASL_PASSWORD'] as const;

/** The combinations one setting alone cannot check: every problem is reported with the setting to change. */
export function checkKafkaSecurity(config: KafkaSecurityConfig, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const tlsFiles = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
  if (!config.KAFKA_SSL) for (const name of tlsFiles) if (config[name]) problem(name, 'needs KAFKA_SSL=true');
  if (Boolean(config.KAFKA_SSL_CERT_FILE) !== Boolean(config.KAFKA_SSL_KEY_FILE))
    problem(
      config.KAFKA_SSL_CERT_FILE ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE',
      'a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
    );
  if (config.KAFKA_SASL_MECHANISM) {
    if (!config.KAFKA_SASL_USERNAME) problem('KAFKA_SASL_USERNAME', `is required by KAFKA_SASL_MECHANISM`);
    if (!config.KAFKA_SASL_PASSWORD) problem('KAFKA_SASL_PASSWORD', `is required by KAFKA_SASL_MECHANISM`);
    if (config.KAFKA_SASL_MECHANISM === 'plain' && !config.KAFKA_SSL)
      problem('KAFKA_SASL_MECHANISM', 'plain sends the password in clear; it needs KAFKA_SSL=true');
  } else
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const)
      if (config[name]) problem(name, 'needs KAFKA_SASL_MECHANISM');
}
