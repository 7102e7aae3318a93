import { provisionInfra } from '@sharehub/infra';
import { resolveServers, type TestServers } from './resolveServers.js';

let servers: TestServers | undefined;

/**
 * Vitest global setup for `*.e2e.test.ts`: finds or starts the real Kafka and S3, provisions topics and the audit
 * bucket, and hands their addresses to the tests through `KAFKA_BROKERS` / `S3_ENDPOINT`.
 */
export async function setup(): Promise<void> {
  servers = await resolveServers(process.env, (line) => process.stderr.write(`[test-support] ${line}\n`));
  process.env.KAFKA_BROKERS = servers.kafkaBrokers.join(',');
  process.env.S3_ENDPOINT = servers.s3Endpoint;
  await provisionInfra({ brokers: servers.kafkaBrokers, s3Endpoint: servers.s3Endpoint });
}

/** Stops whatever `setup` started (nothing, when the servers came from the environment). */
export async function teardown(): Promise<void> {
  await servers?.stop();
}
