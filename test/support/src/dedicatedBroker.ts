import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { provisionInfra, runServerScript } from '@sharehub/infra';

/** A Kafka broker of the test's own (local jar, its own ports and data), which the test may stop and restart. */
export interface DedicatedBroker {
  readonly brokers: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** Starts a dedicated broker on `port` (controller on port+1) with the hub's topics provisioned. */
export async function startDedicatedBroker(port = 29092): Promise<DedicatedBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dedicated-kafka-'));
  const env = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(port + 1),
    KAFKA_DATA_DIR: dataDir,
    KAFKA_HEAP: '384m',
  };
  const brokers = [`127.0.0.1:${port}`];
  // The start script reuses a broker already listening on the port, which this test could then not stop: refuse.
  if (await listening(port))
    throw new Error(`a broker (or something else) already listens on 127.0.0.1:${port}: stop it first`);
  await runServerScript('kafka', 'start', env);
  await provisionInfra({ brokers });
  return {
    brokers,
    stop: () => runServerScript('kafka', 'stop', env),
    start: () => runServerScript('kafka', 'start', env),
    destroy: async () => {
      await runServerScript('kafka', 'stop', env);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
