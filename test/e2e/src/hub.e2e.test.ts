import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validExample } from '@sharehub/contracts';
import { ensureDevKeys, SERVICE_AUDIENCES, signDevToken } from '@sharehub/kit/auth';
import { waitFor } from '@sharehub/kit/testing';
import type {
  AuditRecord,
  CarePlanIssued,
  IncidentRecorded,
  MaracListed,
  ShareNotification,
} from '@sharehub/schemas';
import { collectOutputs, outputTopicsOf, startHub } from './hubHarness.js';
import { expectedNotifications, notificationKeys } from './pipelineHarness.js';
import { uniqueIncident } from './pipelineScenarios.js';

let hub: Awaited<ReturnType<typeof startHub>>;
let out: Awaited<ReturnType<typeof collectOutputs>>;
beforeAll(async () => {
  hub = await startHub();
  out = await collectOutputs(outputTopicsOf(hub.topics));
});
afterAll(async () => {
  await out?.stop();
  await hub?.stop();
});

const mine = (refs: string[]) => (n: ShareNotification) =>
  refs.includes(n.source.ref) || refs.some((r) => n.source.ref.endsWith(r));

describe('the hub end to end: POST to the gateway, notifications out of the router', () => {
  it('routes an incident, a police care plan and a MARAC listing exactly as explain says, with matching audit records', async () => {
    const incident = uniqueIncident();
    const tag = randomUUID().slice(0, 8);
    const plan0 = structuredClone(validExample<'CarePlanIssued'>('careplan-trafford').event);
    const carePlan: CarePlanIssued = {
      ...plan0,
      eventId: randomUUID(),
      carePlanRef: `${plan0.carePlanRef}-${tag}`,
      incident: {
        ...plan0.incident,
        eventId: randomUUID(),
        incidentRef: `${plan0.incident.incidentRef}-${tag}`,
        location: { ...plan0.incident.location, householdKey: `hh-${tag}` },
      },
    };
    const listing0 = structuredClone(validExample<'MaracListed'>('marac-trafford').event);
    const listing: MaracListed = {
      ...listing0,
      eventId: randomUUID(),
      maracCaseRef: `${listing0.maracCaseRef}-${tag}`,
      victim: { ...listing0.victim, personId: `V-${tag}` },
    };
    expect((await hub.post('/v1/incidents', incident)).status).toBe(202);
    expect((await hub.post('/v1/care-plans', carePlan)).status).toBe(202);
    expect((await hub.post('/v1/marac-listings', listing)).status).toBe(202);

    const want = [
      ...expectedNotifications([{ type: 'IncidentRecorded', event: incident }]),
      ...expectedNotifications([{ type: 'CarePlanIssued', event: carePlan }]),
      ...expectedNotifications([{ type: 'MaracListed', event: listing }]),
    ];
    const refs = [incident.incidentRef, carePlan.carePlanRef, listing.maracCaseRef];
    const ours = () => out.of<ShareNotification>(hub.topics.notification).filter(mine(refs));
    await waitFor(() => ours().length >= want.length, `${want.length} notifications`, 90_000);
    expect(notificationKeys(ours()).sort()).toEqual([...want].sort());
    const ids = ours().map((n) => n.notificationId);
    await waitFor(
      () =>
        out
          .of<AuditRecord>(hub.topics.auditRecord)
          .filter((a) => a.kind === 'SHARE_SENT' && ids.includes(a.notificationId ?? '')).length >=
        ids.length,
      'share audits',
      60_000,
    );
    const audits = out.of<AuditRecord>(hub.topics.auditRecord);
    for (const id of ids)
      expect(audits.filter((a) => a.kind === 'SHARE_SENT' && a.notificationId === id)).toHaveLength(1);
    const decisionAudits = audits.filter(
      (a) =>
        (a.kind === 'SHARED' || a.kind === 'NOT_SHARED') &&
        [incident.eventId, carePlan.eventId, listing.eventId].includes(a.source?.eventId ?? ''),
    );
    expect(decisionAudits).toHaveLength(3);
  });

  it('refuses a publisher for another force or area, a wrong audience, an expired token and an unknown key', async () => {
    const incident = uniqueIncident();
    const cases: Array<[string, Promise<string>, number]> = [
      ['another force', signDevToken(hub.keys, { role: 'publisher', org: 'KNT', areas: ['trafford'] }), 403],
      ['another area', signDevToken(hub.keys, { role: 'publisher', org: 'GMP', areas: ['kent'] }), 403],
      [
        'wrong audience',
        signDevToken(hub.keys, { role: 'publisher', org: 'GMP', areas: ['trafford'], audience: 'elsewhere' }),
        401,
      ],
      [
        "the inbox's token (another service's audience)",
        signDevToken(hub.keys, {
          role: 'publisher',
          org: 'GMP',
          areas: ['trafford'],
          audience: SERVICE_AUDIENCES.inbox,
        }),
        401,
      ],
      [
        'expired',
        signDevToken(hub.keys, { role: 'publisher', org: 'GMP', areas: ['trafford'], expiresIn: '-5m' }),
        401,
      ],
    ];
    for (const [name, token, status] of cases)
      expect((await hub.post('/v1/incidents', incident, await token)).status, name).toBe(status);
    const otherKeys = mkdtempSync(join(tmpdir(), 'other-keys-'));
    await ensureDevKeys(otherKeys);
    const foreign = await signDevToken(otherKeys, { role: 'publisher', org: 'GMP', areas: ['trafford'] });
    const res = await hub.post('/v1/incidents', incident, foreign);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('TOKEN_UNKNOWN_KEY');
  });

  it('writes no names, dates of birth or free text to any log line of any service', async () => {
    const incident: IncidentRecorded = {
      ...uniqueIncident(),
      summary: 'UNIQUE-FREE-TEXT-MARKER officer narrative',
    };
    expect((await hub.post('/v1/incidents', incident)).status).toBe(202);
    await waitFor(
      () =>
        out
          .of<ShareNotification>(hub.topics.notification)
          .some((n) => n.source.ref.endsWith(incident.incidentRef)),
      'the notification',
      60_000,
    );
    const all = [...hub.services.values()].flatMap((s) => s.raw).join('\n');
    for (const personal of [
      'UNIQUE-FREE-TEXT-MARKER',
      incident.victim.givenName,
      incident.victim.familyName,
      incident.victim.dateOfBirth!,
      incident.children[0]!.givenName,
      incident.children[0]!.dateOfBirth!,
    ]) {
      expect(all).not.toContain(personal);
    }
  });
});
