import { afterAll, beforeAll } from 'vitest';
import { testServers } from '@sharehub/test-support';
import { collectOutputs, outputTopicsOf } from '../hubHarness.js';
import { startFaultHub, type FaultHub } from './faultHub.js';

/** A fault hub on the test servers and collectors on its outputs, as a test file's run holds them. */
export interface RunningFaultHub {
  readonly hub: FaultHub;
  readonly out: Awaited<ReturnType<typeof collectOutputs>>;
}

/**
 * Starts a fault hub on the test servers, with collectors on its output topics, before the file's tests, and stops
 * both after them; the tests read `hub` and `out` from what this returns once they run.
 */
export function useFaultHub(): RunningFaultHub {
  const running = {} as { hub: FaultHub; out: Awaited<ReturnType<typeof collectOutputs>> };
  beforeAll(async () => {
    const servers = testServers();
    running.hub = await startFaultHub({ kafkaBrokers: servers.kafkaBrokers, s3Endpoint: servers.s3Endpoint });
    running.out = await collectOutputs(outputTopicsOf(running.hub.topics));
  }, 180_000);
  afterAll(async () => {
    await running.out?.stop();
    await running.hub?.stop();
  });
  return running;
}
