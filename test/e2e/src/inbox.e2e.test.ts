import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAreaRegistry, decideIncident, MemoryHistory, type Decision } from '@sharehub/decision-core';
import { waitFor } from '@sharehub/kit/testing';
import type { IncidentRecorded } from '@sharehub/schemas';
import { collectOutputs, startWholeHub } from './hubHarness.js';
import { uniqueIncident } from './pipelineScenarios.js';

let hub: Awaited<ReturnType<typeof startWholeHub>>;
let out: Awaited<ReturnType<typeof collectOutputs>>;
const trafford = createAreaRegistry()('trafford');
beforeAll(async () => {
  hub = await startWholeHub({ escalationIntervalMs: 300 });
  out = await collectOutputs([hub.topics.notificationAcknowledged, hub.topics.notificationEscalated]);
});
afterAll(async () => {
  await out?.stop();
  await hub?.stop();
});

type List = { notifications: Array<{ notificationId: string; overdue: boolean; status: string }> };
type Records = { records: Array<{ kind: string; actor: string | null; notificationId: string | null }> };

/** An incident recorded now (so nothing is overdue yet) or at its example's date in March (long overdue). */
function incident(when: 'now' | 'march'): { incident: IncidentRecorded; decision: Decision } {
  const base = uniqueIncident();
  const at = new Date(Date.now() - 60_000).toISOString();
  const i = when === 'now' ? { ...base, occurredAt: at, recordedAt: at } : base;
  return { incident: i, decision: decideIncident(trafford, i, new MemoryHistory()) };
}
const inboxOf = async (teamId: string, query = '') =>
  (
    await hub.getJson<List>(
      hub.inboxUrl,
      `/v1/inbox/notifications${query}`,
      await hub.tokenFor('recipient', teamId),
    )
  ).body.notifications;
const auditRecords = async (query: string) =>
  (
    await hub.getJson<Records>(
      hub.auditUrl,
      `/v1/audit/records?${query}`,
      await hub.tokenFor('auditor', 'tr-ig'),
    )
  ).body.records;

describe('the inbox on the real broker', () => {
  it("an incident POSTed by the police lands in each right team's inbox, and in no other team's", async () => {
    const { incident: i, decision } = incident('now');
    expect(decision.shares.length).toBeGreaterThan(1);
    expect((await hub.post('/v1/incidents', i)).status).toBe(202);
    const expected = new Map(decision.shares.map((s) => [s.notificationId, s.teamId]));
    for (const [notificationId, teamId] of expected)
      await waitFor(
        async () => (await inboxOf(teamId)).some((n) => n.notificationId === notificationId),
        `${notificationId} in the inbox of ${teamId}`,
        60_000,
        200,
      );
    for (const team of trafford.directory.teams) {
      const held = (await inboxOf(team.teamId, '?status=all')).map((n) => n.notificationId);
      const mine = [...expected].filter(([, t]) => t === team.teamId).map(([id]) => id);
      expect(held.filter((id) => expected.has(id)).sort(), team.teamId).toEqual(mine.sort());
    }
    expect(
      (await inboxOf(decision.shares[0]!.teamId)).find((n) => expected.has(n.notificationId))?.overdue,
    ).toBe(false);
  });

  it('acknowledging emits NotificationAcknowledged once and adds one ACKNOWLEDGED audit record', async () => {
    const { incident: i, decision } = incident('now');
    expect((await hub.post('/v1/incidents', i)).status).toBe(202);
    const share = decision.shares[0]!;
    const token = await hub.tokenFor('recipient', share.teamId);
    await waitFor(
      async () => (await inboxOf(share.teamId)).some((n) => n.notificationId === share.notificationId),
      'the notification in the inbox',
      60_000,
      200,
    );
    const ack = () =>
      fetch(`${hub.inboxUrl}/v1/inbox/notifications/${share.notificationId}/acknowledge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await ack()).status).toBe(200);
    expect((await ack()).status).toBe(200);
    expect((await inboxOf(share.teamId)).some((n) => n.notificationId === share.notificationId)).toBe(false);
    await waitFor(
      async () => (await auditRecords(`notificationId=${share.notificationId}&kind=ACKNOWLEDGED`)).length > 0,
      'the ACKNOWLEDGED audit record',
      60_000,
      250,
    );
    const acks = () =>
      out
        .of<{ notificationId: string; teamId: string }>(hub.topics.notificationAcknowledged)
        .filter((a) => a.notificationId === share.notificationId);
    await waitFor(() => acks().length > 0, 'the NotificationAcknowledged event', 30_000, 100);
    expect(acks()).toEqual([expect.objectContaining({ teamId: share.teamId })]);
    expect(await auditRecords(`notificationId=${share.notificationId}&kind=ACKNOWLEDGED`)).toHaveLength(1);
  });

  it("a team reading another team's notification by id is answered as for an unknown id (404) and the refusal is audited", async () => {
    const { incident: i, decision } = incident('now');
    expect((await hub.post('/v1/incidents', i)).status).toBe(202);
    const share = decision.shares.find((s) => s.service === 'CHILDRENS_SOCIAL_CARE')!;
    await waitFor(
      async () => (await inboxOf(share.teamId)).some((n) => n.notificationId === share.notificationId),
      'the notification in the inbox',
      60_000,
      200,
    );
    const other = trafford.directory.teams.find((t) => t.teamId !== share.teamId)!.teamId;
    const res = await hub.getJson<{ code: string }>(
      hub.inboxUrl,
      `/v1/inbox/notifications/${share.notificationId}`,
      await hub.tokenFor('recipient', other),
    );
    expect(res).toEqual({ status: 404, body: expect.objectContaining({ code: 'NOTIFICATION_NOT_FOUND' }) });
    await waitFor(
      async () =>
        (await auditRecords(`notificationId=${share.notificationId}&kind=ACCESS_REFUSED`)).length > 0,
      'the ACCESS_REFUSED audit record',
      60_000,
      250,
    );
    expect(await auditRecords(`notificationId=${share.notificationId}&kind=ACCESS_REFUSED`)).toEqual([
      expect.objectContaining({ actor: `recipient:${other}` }),
    ]);
  });

  it('an unacknowledged notification past its due time shows as overdue and is escalated exactly once', async () => {
    const first = incident('march');
    expect((await hub.post('/v1/incidents', first.incident)).status).toBe(202);
    const share = first.decision.shares[0]!;
    const escalations = (id: string) =>
      out
        .of<{ notificationId: string }>(hub.topics.notificationEscalated)
        .filter((e) => e.notificationId === id);
    await waitFor(() => escalations(share.notificationId).length > 0, 'the escalation', 60_000, 100);
    expect(
      (await inboxOf(share.teamId, '?overdue=true')).find((n) => n.notificationId === share.notificationId),
    ).toMatchObject({ overdue: true, status: 'OPEN' });

    // Later sweeps escalate a newer overdue notification; by then the first has still been escalated once only.
    const second = incident('march');
    expect((await hub.post('/v1/incidents', second.incident)).status).toBe(202);
    await waitFor(
      () => escalations(second.decision.shares[0]!.notificationId).length > 0,
      'the 2nd escalation',
      60_000,
      100,
    );
    expect(escalations(share.notificationId)).toHaveLength(1);
    await waitFor(
      async () => (await auditRecords(`notificationId=${share.notificationId}&kind=ESCALATED`)).length > 0,
      'the ESCALATED audit record',
      60_000,
      250,
    );
    expect(await auditRecords(`notificationId=${share.notificationId}&kind=ESCALATED`)).toHaveLength(1);
  });

  it('no log line of any service, the inbox and audit included, holds a name, a date of birth or free text', async () => {
    const { incident: base } = incident('now');
    const i: IncidentRecorded = {
      ...base,
      summary: 'UNIQUE-INBOX-FREE-TEXT officer narrative',
      victim: { ...base.victim, givenName: 'Zebedee', familyName: 'Quillfeather' },
      children: base.children.map((c, n) => ({
        ...c,
        givenName: `Xanthe${n}`,
        dateOfBirth: `201${n}-07-23`,
      })),
    };
    const share = decideIncident(trafford, i, new MemoryHistory()).shares[0]!;
    expect((await hub.post('/v1/incidents', i)).status).toBe(202);
    await waitFor(
      async () => (await inboxOf(share.teamId)).some((n) => n.notificationId === share.notificationId),
      'the notification in the inbox',
      60_000,
      200,
    );
    // Read it, acknowledge it and be refused it, so the inbox logs requests about it too.
    const token = await hub.tokenFor('recipient', share.teamId);
    await hub.getJson(hub.inboxUrl, `/v1/inbox/notifications/${share.notificationId}`, token);
    await fetch(`${hub.inboxUrl}/v1/inbox/notifications/${share.notificationId}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const all = [...hub.services.values()].flatMap((s) => s.raw).join('\n');
    expect(all.length).toBeGreaterThan(1000); // the logs were captured
    expect(hub.services.has('inbox') && hub.services.has('audit')).toBe(true);
    for (const personal of ['UNIQUE-INBOX-FREE-TEXT', 'Zebedee', 'Quillfeather', 'Xanthe0', '2010-07-23'])
      expect(all).not.toContain(personal);
  });
});
