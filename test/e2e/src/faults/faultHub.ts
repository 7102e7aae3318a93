import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prefixedTopics } from '@sharehub/contracts';
import { FAULT_POINT_MARKER, type FaultPointName } from '@sharehub/kit';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { provisionInfra } from '@sharehub/infra';
import { isolatedAuditEnv, spawnService, type ServiceProcess } from '@sharehub/test-support';

/** A service of the hub. */
export type HubService = 'gateway' | 'triage' | 'router' | 'audit' | 'inbox';

/** Where the hub's servers are: a broker and S3 server (the shared ones or a test's own), and a database if any. */
export interface FaultHubServers {
  readonly kafkaBrokers: readonly string[];
  readonly s3Endpoint: string;
  /** PostgreSQL for the gateway's ledger, the inbox store and the audit index; unset, each uses embedded PGlite. */
  readonly databaseUrl?: string;
}

/** One running instance: which service, its settings, and its process (replaced on restart). */
interface Instance {
  readonly service: HubService;
  readonly env: Record<string, string>;
  process: ServiceProcess;
  /** Set while the test itself stops or kills the process, so the supervisor leaves it down. */
  stopping: boolean;
}

/**
 * The whole hub (gateway, triage, router, audit, inbox) as processes on topics of its own, each instance keeping its
 * settings, data folders and ports across restarts, so a fault test can SIGKILL any instance and start it again as an
 * operator's supervisor would, or add instances to a consumer group (scale-out).
 */
export async function startFaultHub(
  servers: FaultHubServers,
  options: {
    escalationIntervalMs?: number;
    /** NODE_OPTIONS for every service process, e.g. `--heapsnapshot-signal=SIGUSR2` to profile a soak. */
    nodeOptions?: string;
  } = {},
) {
  const keys = mkdtempSync(join(tmpdir(), 'fault-keys-'));
  const { jwks } = await ensureDevKeys(keys);
  const run = randomUUID().slice(0, 8);
  const prefix = `fault-${run}.`;
  await provisionInfra({ brokers: [...servers.kafkaBrokers], topicPrefix: prefix });
  const topics = prefixedTopics(prefix);
  const common: Record<string, string> = {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    TOPIC_PREFIX: prefix,
    AUTH_JWKS: jwks,
    LOG_LEVEL: 'info',
    ...(servers.databaseUrl ? { DATABASE_URL: servers.databaseUrl } : {}),
    ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
  };
  const instances = new Map<string, Instance>();
  const crashes: Array<{ key: string; code: number | null; at: number }> = [];
  /** Starts by the supervisor that failed (the process exited before it was ready), with its last lines. */
  const failedStarts: string[] = [];
  /** Every process each instance ran, oldest first, so a run's logs outlive restarts. */
  const history = new Map<string, ServiceProcess[]>();
  const remember = (key: string, process: ServiceProcess) =>
    history.set(key, [...(history.get(key) ?? []), process]);
  let closing = false;
  /**
   * The supervisor an operator would run (systemd's Restart=always, a Kubernetes restart policy): a process that
   * exits on its own is started again a second later with the same settings, and the exit is recorded.
   */
  const supervise = (key: string, instance: Instance) => {
    const process = instance.process;
    process.child.once('exit', (code) => {
      if (closing || instance.stopping || instances.get(key) !== instance || instance.process !== process)
        return;
      crashes.push({ key, code, at: Date.now() });
      // Started again a second later, and again after every start that fails (e.g. its database still away).
      const again = () =>
        setTimeout(() => {
          if (closing || instance.stopping) return;
          void spawnService(instance.service, instance.env).then(
            (next) => {
              instance.process = next;
              remember(key, next);
              supervise(key, instance);
            },
            (err: unknown) => {
              failedStarts.push(`${key}: ${String(err).split('\n').slice(0, 4).join(' | ')}`);
              again();
            },
          );
        }, 1000);
      again();
    });
  };
  const settingsOf = (service: HubService): Record<string, string> => {
    switch (service) {
      case 'gateway':
        return { GATEWAY_PORT: '0', GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'fault-gateway-')) };
      case 'triage':
        return { TRIAGE_GROUP_ID: `triage-${run}` };
      case 'router':
        return { ROUTER_GROUP_ID: `router-${run}` };
      case 'audit':
        return {
          ...isolatedAuditEnv(
            run,
            { kafkaBrokers: servers.kafkaBrokers, s3Endpoint: servers.s3Endpoint },
            jwks,
          ),
          AUDIT_TOPIC: topics.auditRecord,
          AUDIT_DEADLETTER_TOPIC: topics.deadLetter,
          AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
        };
      case 'inbox':
        return {
          INBOX_PORT: '0',
          INBOX_GROUP_ID: `inbox-${run}`,
          INBOX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fault-inbox-')),
          INBOX_ESCALATION_INTERVAL_MS: String(options.escalationIntervalMs ?? 1000),
          INBOX_OUTBOX_INTERVAL_MS: '200',
          INBOX_STREAM_POLL_MS: '200',
        };
    }
  };
  /** The port a process said it listens on (so a restart listens on the same one). */
  const portOf = (process: ServiceProcess, message: string) =>
    new URL(String(process.lines.find((l) => l.msg === message)?.url)).port;

  /** Starts an instance of `service` named `key` (e.g. `triage#2` for a second one in the group). */
  const add = async (service: HubService, key: string = service, extra: Record<string, string> = {}) => {
    const env = { ...common, ...settingsOf(service), ...extra };
    const process = await spawnService(service, env);
    // Listening services keep their port across restarts, so clients (and the inbox's audit URL) stay right.
    if (service === 'gateway') env.GATEWAY_PORT = portOf(process, 'gateway listening');
    if (service === 'audit') env.AUDIT_PORT = portOf(process, 'audit service listening');
    if (service === 'inbox') env.INBOX_PORT = portOf(process, 'inbox listening');
    const instance: Instance = { service, env, process, stopping: false };
    instances.set(key, instance);
    remember(key, process);
    supervise(key, instance);
    return process;
  };
  await add('audit');
  const auditUrl = `http://127.0.0.1:${instances.get('audit')!.env.AUDIT_PORT}`;
  await add('gateway');
  await add('triage');
  await add('router');
  await add('inbox', 'inbox', { INBOX_AUDIT_URL: auditUrl });
  const gatewayUrl = `http://127.0.0.1:${instances.get('gateway')!.env.GATEWAY_PORT}`;
  const inboxUrl = `http://127.0.0.1:${instances.get('inbox')!.env.INBOX_PORT}`;

  return {
    run,
    prefix,
    topics,
    keys,
    gatewayUrl,
    auditUrl,
    inboxUrl,
    add,
    /** The running instances' names (`gateway`, `triage`, `triage#2`, ...). */
    instances: () => [...instances.keys()],
    /** The instance's current process. */
    process: (key: string) => instances.get(key)?.process,
    /** SIGKILLs an instance (no shutdown hooks run): resolves once it is gone. */
    async kill(key: string): Promise<void> {
      const instance = instances.get(key)!;
      instance.stopping = true;
      await instance.process.stop('SIGKILL');
    },
    /** Starts a killed instance again with the same settings, data and port; resolves once it is ready. */
    async restart(key: string): Promise<void> {
      const instance = instances.get(key)!;
      instance.process = await spawnService(instance.service, instance.env);
      remember(key, instance.process);
      instance.stopping = false;
      supervise(key, instance);
    },
    /**
     * Kills an instance at a named moment (docs/adr/0102-fault-points.md): stops it gracefully, starts it armed at
     * `point` (`SHAREHUB_FAULT_PAUSE_AT`), waits until it pauses there (calling `nudge` every half second meanwhile,
     * for a point only a request reaches), SIGKILLs it there, and starts it again unarmed as a supervisor would.
     * Resolves once it is ready, with how long the graceful stop, the armed process's way to the point and the
     * restart took (s).
     */
    async killAt(
      key: string,
      point: FaultPointName,
      options: { nudge?: () => Promise<void>; timeoutMs?: number; onPaused?: () => void } = {},
    ): Promise<{ stoppedS: number; pausedAfterS: number; restartedS: number }> {
      const instance = instances.get(key)!;
      instance.stopping = true;
      const stopping = Date.now();
      await instance.process.stop('SIGTERM');
      const armedAt = Date.now();
      const armed = await spawnService(instance.service, { ...instance.env, SHAREHUB_FAULT_PAUSE_AT: point });
      const marker = `${FAULT_POINT_MARKER} ${point}`;
      // Killed from the stream handler that sees the marker, so as little as possible runs after the point.
      let paused = false;
      const killThere = () => {
        paused = true;
        armed.child.kill('SIGKILL');
      };
      const onData = (chunk: Buffer) => {
        if (!paused && chunk.toString('utf8').includes(marker)) killThere();
      };
      armed.child.stderr?.on('data', onData);
      const deadline = armedAt + (options.timeoutMs ?? 120_000);
      let nudged = 0;
      while (!paused) {
        if (armed.raw.includes(marker))
          killThere(); // it paused before it was ready, or the line came in pieces
        else if (armed.child.exitCode !== null || Date.now() > deadline) {
          await armed.stop('SIGKILL');
          throw new Error(`${key} never paused at ${point}:\n${armed.raw.slice(-20).join('\n')}`);
        } else if (options.nudge && Date.now() - nudged >= 500) {
          nudged = Date.now();
          await options.nudge().catch(() => undefined);
        } else await new Promise((r) => setTimeout(r, 20));
      }
      armed.child.stderr?.off('data', onData);
      const pausedAfterS = (Date.now() - armedAt) / 1000;
      options.onPaused?.();
      await armed.stop('SIGKILL');
      const restarting = Date.now();
      instance.process = await spawnService(instance.service, instance.env);
      instance.stopping = false;
      supervise(key, instance);
      return {
        stoppedS: (armedAt - stopping) / 1000,
        pausedAfterS,
        restartedS: (Date.now() - restarting) / 1000,
      };
    },
    /** SIGKILLs an instance for good and forgets it (scale-in by failure). */
    async remove(key: string): Promise<void> {
      const instance = instances.get(key)!;
      instance.stopping = true;
      instances.delete(key);
      await instance.process.stop('SIGKILL');
    },
    /** The processes that exited on their own (not killed by the test) and were started again by the supervisor. */
    crashes: (): ReadonlyArray<{ key: string; code: number | null; at: number }> => crashes,
    /** The supervisor's starts that failed, each with the process's last log lines. */
    failedStarts: (): readonly string[] => failedStarts,
    /** Every raw log line of each instance, across its restarts (one entry per process), for a run's evidence. */
    logs: (): ReadonlyMap<string, readonly string[]> =>
      new Map([...history].map(([key, processes]) => [key, processes.flatMap((p) => p.raw)])),
    /** A token for a role of the hub's keys (publisher: GMP; recipient: the team; auditor: trafford and kent IG). */
    tokenFor: (role: 'publisher' | 'recipient' | 'auditor', org: string) =>
      signDevToken(keys, { role, org, areas: ['trafford', 'kent'] }),
    /** Stops every instance (SIGTERM; SIGKILL for one still running 20 s later, so a stuck one is not left behind). */
    async stop(): Promise<void> {
      closing = true;
      await Promise.all(
        [...instances.values()].map(async ({ process }) => {
          const kill = setTimeout(() => void process.stop('SIGKILL'), 20_000);
          await process.stop('SIGTERM');
          clearTimeout(kill);
        }),
      );
    },
  };
}

/** A started fault hub. */
export type FaultHub = Awaited<ReturnType<typeof startFaultHub>>;
