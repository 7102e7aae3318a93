import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { validExample } from '@sharehub/contracts';
import { deterministicId } from '@sharehub/decision-core';
import type { EventBus } from '@sharehub/kit';
import { waitFor } from '@sharehub/kit/testing';
import { keyedHash } from '@sharehub/kit';
import type {
  CarePlanIssued,
  IncidentRecorded,
  MaracListed,
  ShareNotification,
  AuditRecord,
  ShareDecision,
  DeadLetter,
} from '@sharehub/schemas';
import {
  expectedNotifications,
  notificationKeys,
  startPipeline,
  type PipelineTopics,
} from './pipelineHarness.js';

/**
 * 16 random hexadecimal digits, to make refs, person ids and household keys unique to one input: 64 bits, so two
 * of a soak's million inputs share one with odds of about 1 in 36 million (8 digits made a collision likely within
 * 100,000 incidents; the 30-minute soak of issue 17 met one, as an audit id used twice).
 */
export function uniqueTag(): string {
  return randomBytes(8).toString('hex');
}

/** A golden incident made unique for one run (fresh refs and ids, so runs on shared topics never collide). */
export function uniqueIncident(name = 'incident-trafford'): IncidentRecorded {
  const base = structuredClone(validExample<'IncidentRecorded'>(name).event);
  const tag = uniqueTag();
  return {
    ...base,
    eventId: randomUUID(),
    incidentRef: `${base.incidentRef}-${tag}`,
    location: { ...base.location, householdKey: `hh-${tag}` },
  };
}

/**
 * The pipeline acceptance, on any bus: an incident, a police care plan and a MARAC listing each yield exactly the
 * notifications explain gives, with matching audit records; poison bytes on every input topic are dead-lettered
 * and audited, and the next valid message is still processed.
 */
export async function runPipelineScenario(bus: EventBus, topics: PipelineTopics): Promise<void> {
  const pipeline = await startPipeline(bus, topics);
  const { codec, collected } = pipeline;
  try {
    const incident = uniqueIncident();
    const plan = structuredClone(validExample<'CarePlanIssued'>('careplan-trafford').event);
    const planTag = uniqueTag();
    const carePlan: CarePlanIssued = {
      ...plan,
      eventId: randomUUID(),
      carePlanRef: `${plan.carePlanRef}-${planTag}`,
      incident: {
        ...plan.incident,
        eventId: randomUUID(),
        incidentRef: `${plan.incident.incidentRef}-${planTag}`,
      },
    };
    const listing0 = structuredClone(validExample<'MaracListed'>('marac-trafford').event);
    const listing: MaracListed = {
      ...listing0,
      eventId: randomUUID(),
      maracCaseRef: `${listing0.maracCaseRef}-${planTag}`,
      victim: { ...listing0.victim, personId: `V-${planTag}` },
    };

    // Poison first on each input, then the valid events: the partition must carry on past the poison.
    const poison = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256); // random-looking bytes, no Avro marker
    await bus.publish([
      { topic: topics.incidents, key: incident.location.householdKey, value: poison },
      { topic: topics.carePlans, key: carePlan.incident.location.householdKey, value: poison },
      { topic: topics.listings, key: keyedHash('test', listing.victim.personId), value: poison },
      { topic: topics.consents, key: keyedHash('test', 'someone'), value: poison },
    ]);
    await bus.publish([
      {
        topic: topics.incidents,
        key: incident.location.householdKey,
        value: codec.encode('IncidentRecorded', incident),
      },
    ]);
    await bus.publish([
      {
        topic: topics.carePlans,
        key: carePlan.incident.location.householdKey,
        value: codec.encode('CarePlanIssued', carePlan),
      },
    ]);
    await bus.publish([
      {
        topic: topics.listings,
        key: keyedHash('test', listing.victim.personId),
        value: codec.encode('MaracListed', listing),
      },
    ]);

    const want = [
      ...expectedNotifications([{ type: 'IncidentRecorded', event: incident }]),
      ...expectedNotifications([{ type: 'CarePlanIssued', event: carePlan }]),
      ...expectedNotifications([{ type: 'MaracListed', event: listing }]),
    ];
    const ours = () => collected.of<ShareNotification>(topics.notifications);
    await waitFor(
      () => ours().length >= want.length,
      `${want.length} notifications (have ${ours().length}: ${notificationKeys(ours()).join(' ')})`,
      60_000,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}; have ${notificationKeys(ours()).join(' | ')}; dead letters ${collected
          .of<DeadLetter>(topics.deadLetter)
          .map((d) => `${d.topic}:${d.reasonCode}:${d.reason}`)
          .join(' | ')}`,
      );
    });
    const ownLetters = () =>
      collected
        .of<DeadLetter>(topics.deadLetter)
        .filter((d) =>
          [topics.incidents, topics.carePlans, topics.listings, topics.consents].includes(d.topic),
        );
    await waitFor(() => ownLetters().length >= 5, 'dead letters from every input topic', 60_000);
    expect(new Set(ownLetters().map((d) => d.topic))).toEqual(
      new Set([topics.incidents, topics.carePlans, topics.listings, topics.consents]),
    );
    const audits = () => collected.of<AuditRecord>(topics.audit);
    await waitFor(
      () =>
        audits().filter((a) => a.kind === 'SHARE_SENT').length >= want.length &&
        audits().filter((a) => a.kind === 'DEAD_LETTERED').length >= 5,
      'audit records',
      60_000,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}: have ${audits()
          .map((a) => a.kind)
          .join(',')}`,
      );
    });

    expect(notificationKeys(ours()).sort()).toEqual([...want].sort());
    const ids = ours().map((n) => n.notificationId);
    expect(new Set(ids).size).toBe(ids.length);
    // Every share sent has exactly one SHARE_SENT audit record naming it, with rules, ruleset hash, consent and basis.
    const sentAudits = audits().filter((a) => a.kind === 'SHARE_SENT');
    expect(sentAudits.map((a) => a.notificationId).sort()).toEqual([...ids].sort());
    for (const a of sentAudits) {
      expect(a.rulesFired.length).toBeGreaterThan(0);
      expect(a.ruleset?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(a.consent?.status).toBeTruthy();
      expect(a.lawfulBasis).toContain('Art. 6(1)(e)');
    }
    // One decision and one decision audit per decided event: the incident (triage), the police care plan and the MARAC listing (router).
    const decisions = collected.of<ShareDecision>(topics.decisions);
    expect(decisions.map((d) => d.source.eventId).sort()).toEqual(
      [incident.eventId, carePlan.eventId, listing.eventId].sort(),
    );
    expect(audits().filter((a) => a.kind === 'SHARED').length).toBe(3);
    // The hub's care plan for the incident is issued at the incident's recordedAt.
    const hubPlan = collected
      .of<CarePlanIssued>(topics.hubCarePlans)
      .find((p) => p.incident.incidentRef === incident.incidentRef);
    expect(hubPlan?.issuedAt).toBe(incident.recordedAt);
    // Poison: original bytes kept, reason given, audited.
    for (const letter of ownLetters()) {
      expect(Buffer.from(letter.originalBytes).equals(Buffer.from(poison))).toBe(true);
      expect(letter.reasonCode).toBe('BAD_MAGIC');
    }
  } finally {
    await pipeline.stop();
  }
}

/**
 * Care-plan provenance (ADR 0091), on any bus: a plan on the police topic that names the hub as its issuer and takes
 * the hub's predictable eventId for a coming incident is routed as a police plan (its own decision and SHARED audit
 * record), and the hub's real plan for that incident, under the same eventId on the hub's topic, is still routed.
 */
export async function runProvenanceScenario(bus: EventBus, topics: PipelineTopics): Promise<void> {
  const pipeline = await startPipeline(bus, topics);
  const { codec, collected } = pipeline;
  try {
    const incident = uniqueIncident();
    // The eventId the hub derives for its care plan of this incident (decision-events' toCarePlan).
    const hubEventId = deterministicId('cp', incident.forceCode, incident.incidentRef);
    const plan = structuredClone(validExample<'CarePlanIssued'>('careplan-trafford').event);
    const tag = uniqueTag();
    const forged: CarePlanIssued = {
      ...plan,
      eventId: hubEventId,
      issuedBy: 'sharehub-triage',
      carePlanRef: `${plan.carePlanRef}-${tag}`,
      incident: {
        ...plan.incident,
        eventId: randomUUID(),
        incidentRef: `${plan.incident.incidentRef}-${tag}`,
        location: { ...plan.incident.location, householdKey: incident.location.householdKey },
      },
    };
    const key = incident.location.householdKey;
    await bus.publish([{ topic: topics.carePlans, key, value: codec.encode('CarePlanIssued', forged) }]);
    const decisions = () => collected.of<ShareDecision>(topics.decisions);
    await waitFor(
      () => decisions().some((d) => d.source.ref === forged.carePlanRef),
      'the forged plan decided as a police plan',
      30_000,
    );
    await bus.publish([{ topic: topics.incidents, key, value: codec.encode('IncidentRecorded', incident) }]);

    const want = [
      ...expectedNotifications([{ type: 'CarePlanIssued', event: forged }]),
      ...expectedNotifications([{ type: 'IncidentRecorded', event: incident }]),
    ];
    const ours = () => collected.of<ShareNotification>(topics.notifications);
    await waitFor(
      () => ours().length >= want.length,
      `${want.length} notifications (have ${notificationKeys(ours()).join(' ')})`,
      30_000,
    );
    expect(notificationKeys(ours()).sort()).toEqual([...want].sort());
    const hubPlans = collected.of<CarePlanIssued>(topics.hubCarePlans);
    expect(hubPlans.map((p) => p.eventId)).toEqual([hubEventId]);
    expect(collected.of<CarePlanIssued>(topics.carePlans).map((p) => p.carePlanRef)).toEqual([
      forged.carePlanRef,
    ]);
    // The forged plan has the router's decision and decision audit record; the hub's has triage's only.
    expect(
      decisions()
        .map((d) => d.source.ref)
        .sort(),
    ).toEqual([forged.carePlanRef, incident.incidentRef].sort());
    const shared = collected.of<AuditRecord>(topics.audit).filter((a) => a.kind === 'SHARED');
    expect(shared.map((a) => [a.source?.ref, a.actor]).sort()).toEqual(
      [
        [forged.carePlanRef, 'router'],
        [incident.incidentRef, 'triage'],
      ].sort(),
    );
  } finally {
    await pipeline.stop();
  }
}
