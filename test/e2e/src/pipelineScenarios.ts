import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { validExample } from '@sharehub/contracts';
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

/** A golden incident made unique for one run (fresh refs and ids, so runs on shared topics never collide). */
export function uniqueIncident(name = 'incident-trafford'): IncidentRecorded {
  const base = structuredClone(validExample<'IncidentRecorded'>(name).event);
  const tag = randomUUID().slice(0, 8);
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
    const planTag = randomUUID().slice(0, 8);
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
      .of<CarePlanIssued>(topics.carePlans)
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
