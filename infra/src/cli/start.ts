#!/usr/bin/env node
// `npm start`: the whole hub on the embedded defaults. Starts (or reuses) Kafka and S3, provisions topics and the
// audit bucket, starts every service that has been built, prints what to open, and on Ctrl-C stops everything
// it started, leaving no stray process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureLocalServer,
  LOCAL_KAFKA,
  LOCAL_S3,
  runServerScript,
  type LocalServer,
} from '../localServers.js';
import { AUDIT_BUCKET } from '@sharehub/contracts';
import { provisionInfra } from '../provisionInfra.js';
import { repoRoot } from '../paths.js';
import { SERVICES } from '../services.js';
import { printWelcome } from '../printWelcome.js';
import { ensureDevKeys } from '@sharehub/kit/auth';
import { infraDir } from '../paths.js';
import { chooseLogFormat } from '../chooseLogFormat.js';
import { PinoPretty } from 'pino-pretty';
import { DEV_IDP_PORT } from '../devIdentityProvider/devClients.js';
import { devPageClientsFor, devSignInEnv } from '../devIdentityProvider/devSignInEnv.js';
import { startDevIdentityProvider } from '../devIdentityProvider/startDevIdentityProvider.js';

const startedServers: LocalServer[] = [];
const children = new Map<string, ChildProcess>();
let stopping = false;
let idp: Awaited<ReturnType<typeof startDevIdentityProvider>> | undefined;

async function stopAll(exitCode: number): Promise<never> {
  if (stopping) process.exit(exitCode);
  stopping = true;
  process.stderr.write('\n[start] stopping…\n');
  await Promise.all(
    [...children].map(
      ([name, child]) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            process.stderr.write(`[start] ${name} stopped\n`);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await idp?.close().catch(() => undefined);
  for (const server of [...startedServers].reverse())
    await runServerScript(server, 'stop').catch(() => undefined);
  process.exit(exitCode);
}

const kafkaBrokers = process.env.KAFKA_BROKERS || undefined;
const s3Endpoint = process.env.S3_ENDPOINT || undefined;

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const t0 = Date.now();
  // KAFKA_BROKERS / S3_ENDPOINT name servers to use on purpose; otherwise this installation's own, started here
  // or by its infra:up, and never one another installation started (its data is not ours).
  if (!kafkaBrokers && (await ensureLocalServer('kafka', { foreign: 'refuse' })).startedHere)
    startedServers.push('kafka');
  if (!s3Endpoint && (await ensureLocalServer('s3', { foreign: 'refuse' })).startedHere)
    startedServers.push('s3');
  await provisionInfra({
    brokers: (kafkaBrokers ?? LOCAL_KAFKA).split(','),
    s3Endpoint: s3Endpoint ?? LOCAL_S3,
  });
  process.stderr.write(
    `[start] Kafka ${kafkaBrokers ?? LOCAL_KAFKA} and S3 ${s3Endpoint ?? LOCAL_S3} (bucket ${AUDIT_BUCKET}) ready in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`,
  );
} catch (err) {
  process.stderr.write(`[start] ERROR ${(err as Error).message}\n`);
  await stopAll(1);
}

await ensureDevKeys(join(infraDir, 'keys')); // the services verify tokens against its public JWKS

// The development OpenID provider, unless OIDC_ISSUER names a real one: the pages sign people in through it, and the
// services accept its tokens beside the development key's (docs/sign-in.md).
const pageClients = devPageClientsFor(SERVICES);
if (!process.env.OIDC_ISSUER) {
  try {
    idp = await startDevIdentityProvider({
      port: Number(process.env.DEV_IDP_PORT) || DEV_IDP_PORT,
      pageClients,
    });
    process.stderr.write(`[start] development OpenID provider at ${idp.issuer}\n`);
  } catch (err) {
    process.stderr.write(
      `[start] ERROR the development OpenID provider did not start: ${(err as Error).message}\n`,
    );
    await stopAll(1);
  }
}
const signInEnv = (name: string) => (idp ? devSignInEnv(idp.issuer, pageClients, name) : {});

// A person at a terminal reads pino-pretty's lines; a pipe or file gets each service's JSON unchanged.
const logFormat = chooseLogFormat(process.stdout.isTTY === true, process.env.LOG_FORMAT);
const running: string[] = [];
for (const service of SERVICES) {
  const main = join(repoRoot, 'services', service.name, 'dist', 'main.js');
  if (!existsSync(main)) continue;
  const child = spawn(process.execPath, [main], {
    stdio: ['ignore', logFormat === 'pretty' ? 'pipe' : 'inherit', 'inherit'],
    env: {
      ...process.env,
      KAFKA_BROKERS: kafkaBrokers ?? LOCAL_KAFKA,
      S3_ENDPOINT: s3Endpoint ?? LOCAL_S3,
      ...signInEnv(service.name),
    },
  });
  if (child.stdout)
    child.stdout.pipe(
      PinoPretty({
        colorize: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        messageFormat: '{service} › {msg}',
      }),
    );
  children.set(service.name, child);
  running.push(service.name);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `[start] ERROR ${service.name} exited (code ${code}, signal ${signal}); stopping the hub\n`,
    );
    void stopAll(1);
  });
}

// Wait until every HTTP service answers its health check, so the addresses printed below work at once.
for (const service of SERVICES.filter((s) => s.url && running.includes(s.name))) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${service.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      process.stderr.write(
        `[start] ERROR ${service.name} did not answer on ${service.url} within 90 s; stopping the hub\n`,
      );
      await stopAll(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

await printWelcome(running, idp?.issuer);
