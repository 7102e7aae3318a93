import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '@sharehub/schemas';
import type { FaultPointName } from '@sharehub/kit';
import type { HubService } from './faultHub.js';
import { expectClean } from './expectClean.js';
import { faultInputs } from './faultInputs.js';
import { faultLoadSettings, runWithFaults, type Fault } from './faultRun.js';
import { useFaultHub } from './useFaultHub.js';

// The fault matrix's timed kills (issue 17, docs/adr/0102-fault-points.md): each service SIGKILLed at the moments a
// random kill rarely hits, by starting it armed at a fault point, killing it the moment it pauses there, and
// starting it again unarmed, under the steady load of the other fault cases. Reconciled as they are: nothing lost,
// duplicated or unaudited, the audit log signing every record, and every POST's answers held against the input
// topics (every 202 in the pipeline, no failure half-there).
const running = useFaultHub();

/**
 * The load's length for a case of `kills` kills: the default length (FAULT_SECONDS) per kill, since a kill and the
 * group's rebalance around it take about as long, so every kill falls while the load is running.
 */
const secondsFor = (kills: number) => faultLoadSettings().seconds * kills;

/**
 * Keeps the hub busy while an armed process waits for its point, should the run's load be over by then: one more
 * fresh input through the gateway (outside the reconciliation's inputs, but audited and signed like them).
 */
async function postOneMore(): Promise<void> {
  const [input] = faultInputs(1);
  const token = await running.hub.tokenFor('publisher', input!.org);
  await fetch(`${running.hub.gatewayUrl}${input!.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input!.body),
    signal: AbortSignal.timeout(5_000),
  }).then((res) => res.arrayBuffer());
}

/** A fault: `service` killed at `point`; it reports how long the armed process took and what was in flight. */
function killAt(service: HubService, point: FaultPointName, nudge: () => Promise<void> = postOneMore): Fault {
  return {
    name: `SIGKILL ${service} at ${point}`,
    inject: async ({ postsInFlight }) => {
      let inFlight = 0;
      const took = await running.hub.killAt(service, point, {
        nudge,
        onPaused: () => (inFlight = postsInFlight()),
      });
      return (
        `stopped in ${took.stoppedS.toFixed(1)}s, paused ${took.pausedAfterS.toFixed(1)}s after its armed start, ` +
        `${inFlight} POSTs in flight at the kill, ready again ${took.restartedS.toFixed(1)}s after it`
      );
    },
  };
}

describe('the fault matrix: each service SIGKILLed at the dangerous moments', () => {
  it.each([
    ['triage', 1],
    ['router', 2],
  ] as const)(
    '%s killed inside its Kafka transaction (outputs sent, commit not asked) and with the commit asked and not answered',
    async (service, seed) => {
      const { hub, out, inputs } = running;
      const report = await runWithFaults(
        hub,
        out,
        `${service} at its commit`,
        [killAt(service, 'kafka.transaction.beforeCommit'), killAt(service, 'kafka.transaction.commitSent')],
        { seed, inputs, seconds: secondsFor(2) },
      );
      expectClean(report);
    },
    600_000,
  );

  it('audit killed after its index journal commit, between a segment write and its checkpoint, and between a checkpoint and its frontier state', async () => {
    const { hub, out, inputs } = running;
    const report = await runWithFaults(
      hub,
      out,
      'audit at its writes',
      [
        killAt('audit', 'audit.index.afterJournal'),
        killAt('audit', 'audit.segment.afterWrite'),
        killAt('audit', 'audit.checkpoint.afterWrite'),
      ],
      { seed: 3, inputs, seconds: secondsFor(3) },
    );
    expectClean(report);
  }, 600_000);

  it('inbox killed with a batch stored and its offsets not committed, and with its outbox published and not deleted', async () => {
    const { hub, out, inputs } = running;
    // A refused read is audited (ACCESS_REFUSED) through the outbox: what reaches the relay's point on demand.
    const token = await hub.tokenFor('recipient', 'tr-hv-central');
    let refusals = 0;
    const refusedRead = async () => {
      const res = await fetch(`${hub.inboxUrl}/v1/inbox/triage`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      if (res.status === 403) refusals++;
    };
    const refusedBefore = refusedRecords(out, hub.topics.auditRecord);
    const report = await runWithFaults(
      hub,
      out,
      'inbox at its commits',
      [
        killAt('inbox', 'kafka.offsets.beforeCommit'),
        killAt('inbox', 'inbox.outbox.afterPublish', refusedRead),
      ],
      { seed: 4, inputs, seconds: secondsFor(2) },
    );
    expectClean(report);
    // Every refusal the inbox answered was audited: its outbox row was published though the relay died before
    // deleting it (and, published twice, it is one leaf: the signed size counted distinct audit ids above).
    expect(refusals).toBeGreaterThan(0);
    expect(refusedRecords(out, hub.topics.auditRecord) - refusedBefore).toBeGreaterThanOrEqual(refusals);
  }, 600_000);

  it('gateway killed with POSTs in flight past their write (broker acknowledged, ledger not told, no answer sent): every 202 is in the pipeline, no failure half-there', async () => {
    const { hub, out, inputs } = running;
    const report = await runWithFaults(
      hub,
      out,
      'gateway at its ledger',
      [killAt('gateway', 'gateway.afterPublish')],
      { seed: 5, inputs },
    );
    expectClean(report);
    expect(report.answers, 'the answers were checked').toBeDefined();
    // The POSTs held at the point lost their connection: each was retried and accepted once.
    expect(report.answers!.tally.noAnswer).toBeGreaterThan(0);
  }, 600_000);
});

/** Distinct ACCESS_REFUSED audit records on the audit topic so far. */
function refusedRecords(out: (typeof running)['out'], topic: string): number {
  return new Set(
    out
      .of<AuditRecord>(topic)
      .filter((a) => a.kind === 'ACCESS_REFUSED')
      .map((a) => a.auditId),
  ).size;
}
