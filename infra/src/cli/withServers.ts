#!/usr/bin/env node
// Runs a command with the real servers up: `node infra/dist/cli/withServers.js -- turbo run test:e2e`.
// Uses KAFKA_BROKERS / S3_ENDPOINT when set; otherwise starts the local jars, and stops what it started.
import { spawn } from 'node:child_process';
import {
  ensureLocalServer,
  LOCAL_KAFKA,
  LOCAL_S3,
  runServerScript,
  type LocalServer,
} from '../localServers.js';
import { ensureTestPostgres } from '../ensureTestPostgres.js';
import { provisionInfra } from '../provisionInfra.js';

const separator = process.argv.indexOf('--');
const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
if (command.length === 0) {
  process.stderr.write('usage: withServers -- COMMAND [ARGS...]\n');
  process.exit(2);
}

const startedHere: LocalServer[] = [];
const env = { ...process.env };
try {
  if (!env.KAFKA_BROKERS) {
    if ((await ensureLocalServer('kafka')).startedHere) startedHere.push('kafka');
    env.KAFKA_BROKERS = LOCAL_KAFKA;
  }
  if (!env.S3_ENDPOINT) {
    if ((await ensureLocalServer('s3')).startedHere) startedHere.push('s3');
    env.S3_ENDPOINT = LOCAL_S3;
  }
  await provisionInfra({ brokers: env.KAFKA_BROKERS.split(','), s3Endpoint: env.S3_ENDPOINT });
  env.TEST_DATABASE_URL = await ensureTestPostgres(env.TEST_DATABASE_URL, (line) =>
    process.stderr.write(`${line}\n`),
  );
  process.stderr.write(
    `[infra] servers: Kafka ${env.KAFKA_BROKERS}, S3 ${env.S3_ENDPOINT}, PostgreSQL for tests\n`,
  );
} catch (err) {
  process.stderr.write(`[infra] ERROR the test servers did not come up: ${(err as Error).message}\n`);
  await stopStarted();
  process.exit(1);
}

const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.once('exit', (code, signal) => {
  void stopStarted().then(() => process.exit(code ?? (signal ? 1 : 0)));
});

async function stopStarted(): Promise<void> {
  for (const server of startedHere.reverse()) await runServerScript(server, 'stop').catch(() => undefined);
}
