import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAreaRegistry, decideIncident, MemoryHistory } from '@sharehub/decision-core';
import { signDevToken } from '@sharehub/kit/auth';
import { waitFor } from '@sharehub/kit/testing';
import type { IncidentRecorded } from '@sharehub/schemas';
import type { ServiceProcess } from '@sharehub/test-support';
import { startAudit, startHub } from './hubHarness.js';
import { uniqueIncident } from './pipelineScenarios.js';

let hub: Awaited<ReturnType<typeof startHub>>;
let audit: ServiceProcess;
let auditUrl: string;
let auditor: string;
beforeAll(async () => {
  hub = await startHub();
  ({ service: audit, url: auditUrl } = await startAudit(hub.keys, hub.topics));
  auditor = await signDevToken(hub.keys, { role: 'auditor', org: 'trafford-ig', areas: ['trafford'] });
});
afterAll(async () => {
  await audit?.stop('SIGTERM');
  await hub?.stop();
});

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${auditUrl}${path}`, { headers: { authorization: `Bearer ${auditor}` } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
};
type Records = {
  records: Array<{ kind: string; notificationId: string | null; recipient: { teamId: string } | null }>;
};

describe('the audit log of what went through the gateway', () => {
  it('holds exactly one record per decision, share sent and triage item and nothing from before this hub, and a subject access export lists exactly the shares about a child', async () => {
    const tag = randomUUID().slice(0, 8);
    const base = uniqueIncident();
    // Unique people, so the export can be checked exactly; the second child (16, no GP practice) makes a triage item.
    const incident: IncidentRecorded = {
      ...base,
      victim: { ...base.victim, personId: `V-${tag}` },
      children: [
        { ...base.children[0]!, personId: `C1-${tag}` },
        { ...base.children[1]!, personId: `C2-${tag}`, dateOfBirth: '2009-06-01', gpPracticeCode: null },
      ],
    };
    const decision = decideIncident(createAreaRegistry()(incident.area), incident, new MemoryHistory());
    expect(decision.triage.length).toBeGreaterThan(0);
    expect((await hub.post('/v1/incidents', incident)).status).toBe(202);

    // Every share sent has exactly one SHARE_SENT record in the log.
    for (const share of decision.shares) {
      await waitFor(
        async () =>
          (await get<Records>(`/v1/audit/records?notificationId=${share.notificationId}`)).records.length > 0,
        `the audit record of ${share.notificationId}`,
        90_000,
        250,
      );
      const { records } = await get<Records>(`/v1/audit/records?notificationId=${share.notificationId}`);
      expect(records.map((r) => r.kind)).toEqual(['SHARE_SENT']);
    }
    // The decision: exactly one record (SHARED), from triage.
    const decided = await get<Records>(`/v1/audit/records?decisionId=${decision.decisionId}&kind=SHARED`);
    expect(decided.records).toHaveLength(1);
    // The triage item: exactly one ROUTED_TO_TRIAGE record about the second child.
    const triaged = await get<Records>(`/v1/audit/records?subject=C2-${tag}&kind=ROUTED_TO_TRIAGE`);
    expect(triaged.records).toHaveLength(
      decision.triage.filter((t) => t.subjectPersonId === `C2-${tag}`).length,
    );

    // Subject access for the first child: exactly the shares about that child, to whom, why, on what basis.
    const report = await get<{
      shares: Array<{
        recipient: { teamId: string };
        lawfulBasis: string;
        rulesFired: unknown[];
        consent: { status: string };
      }>;
      decisionsNotToShare: unknown[];
    }>(`/v1/audit/subject-access/C1-${tag}?format=json`);
    const aboutChild = decision.shares.filter((s) => s.subjectPersonId === `C1-${tag}`);
    expect(report.shares.map((s) => s.recipient.teamId).sort()).toEqual(
      aboutChild.map((s) => s.teamId).sort(),
    );
    for (const s of report.shares) {
      expect(s.lawfulBasis).toContain('Art. 6(1)(e)');
      expect(s.rulesFired.length).toBeGreaterThan(0);
      expect(s.consent.status).toBeTruthy();
    }
    const csv = await fetch(`${auditUrl}/v1/audit/subject-access/C1-${tag}?format=csv`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);

    // The audit service read only this hub's own audit topic (hubHarness's prefix), not the shared one's past
    // history: every record its log holds is about this incident, or one of its own records of these reads.
    const held = await get<{
      records: Array<{ kind: string; source: { eventId: string } | null; subjectPersonIds: string[] }>;
    }>('/v1/audit/records?limit=500');
    const foreign = held.records.filter(
      (r) =>
        !r.kind.startsWith('ACCESS_') &&
        r.source?.eventId !== incident.eventId &&
        !r.subjectPersonIds.some((id) => id.endsWith(tag)),
    );
    expect(foreign.map((r) => r.kind)).toEqual([]);
    expect(held.records.length).toBeGreaterThan(decision.shares.length);
  });
});
