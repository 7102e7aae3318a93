import { describe, it } from 'vitest';
import type { HubService } from './faultHub.js';
import { expectClean } from './expectClean.js';
import { useFaultHub } from './useFaultHub.js';
import { runWithFaults } from './faultRun.js';

// The fault matrix, first rows: each service SIGKILLed three times at random moments under a steady load of
// incidents, care plans, MARAC listings and consent records, and started again as a supervisor would. Every
// accepted input must be decided once, every notification made once and in the right inbox, everything audited,
// the audit log must sign every record, and every POST that got a 202 must be on its input topic and none that
// got a failure half-there (a reset connection or OUTCOME_UNKNOWN may have written it). FAULT_SECONDS / FAULT_RATE make the load longer or faster.
const running = useFaultHub();

const SERVICES: readonly HubService[] = ['gateway', 'triage', 'router', 'audit', 'inbox'];

describe('the fault matrix: each service SIGKILLed three times under load', () => {
  it.each(SERVICES)(
    '%s SIGKILLed at three random moments and started again: nothing lost, duplicated or unaudited',
    async (service) => {
      const { hub, out, inputs } = running;
      const kill = {
        name: `SIGKILL ${service}`,
        inject: async () => (await hub.kill(service), await hub.restart(service)),
      };
      const report = await runWithFaults(hub, out, `kill ${service}`, [kill, kill, kill], {
        seed: SERVICES.indexOf(service) + 1,
        // Every POST's answers held against the input topics: each 202 in the pipeline, no failure half-there.
        inputs,
      });
      expectClean(report);
    },
    900_000,
  );
});
