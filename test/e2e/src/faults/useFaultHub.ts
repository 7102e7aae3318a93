import { afterAll, beforeAll } from 'vitest';
import { testServers } from '@sharehub/test-support';
import { collectOutputs, outputTopicsOf } from '../hubHarness.js';
import { inputTopicsOf } from './checkAnswers.js';
import { startFaultHub, type FaultHub } from './faultHub.js';

/** A fault hub on the test servers and collectors on its outputs, as a test file's run holds them. */
export interface RunningFaultHub {
  readonly hub: FaultHub;
  readonly out: Awaited<ReturnType<typeof collectOutputs>>;
  /** A collector of the input topics the gateway writes (for `runWithFaults`' `inputs`: the answers check). */
  readonly inputs: Awaited<ReturnType<typeof collectOutputs>>;
}

/**
 * Starts a fault hub on the test servers, with collectors on its output topics and its input topics, before the
 * file's tests, and stops them after; the tests read `hub`, `out` and `inputs` from what this returns once they run.
 */
export function useFaultHub(): RunningFaultHub {
  const running = {} as { -readonly [K in keyof RunningFaultHub]: RunningFaultHub[K] };
  beforeAll(async () => {
    const servers = testServers();
    running.hub = await startFaultHub({ kafkaBrokers: servers.kafkaBrokers, s3Endpoint: servers.s3Endpoint });
    running.out = await collectOutputs(outputTopicsOf(running.hub.topics));
    running.inputs = await collectOutputs(inputTopicsOf(running.hub));
  }, 180_000);
  afterAll(async () => {
    await running.out?.stop();
    await running.inputs?.stop();
    await running.hub?.stop();
  });
  return running;
}
