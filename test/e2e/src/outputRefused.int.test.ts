import { describe, expect, it } from 'vitest';
import { InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import {
  createCodec,
  type AuditRecord,
  type DeadLetter,
  type IncidentRecorded,
  type ShareDecision,
} from '@sharehub/schemas';
import { pipelineTopicNames, startPipeline } from './pipelineHarness.js';
import { uniqueIncident } from './pipelineScenarios.js';

// Issue 17's rule for outputs the broker refuses for good: an incident whose outputs would exceed the bus's largest
// message is dead-lettered (OUTPUT_REFUSED, its original bytes), audited, and the incident behind it is decided.
describe('an incident whose outputs the bus refuses for good', () => {
  it('is dead-lettered with its bytes and the broker’s reason, audited, and the next incident on its partition is decided', async () => {
    const codec = createCodec();
    const incident = uniqueIncident();
    // A reference the hub's care plan carries twice (its own ref is derived from it, and it embeds the incident).
    const big: IncidentRecorded = {
      ...incident,
      incidentRef: `${incident.incidentRef}-${'x'.repeat(50_000)}`,
    };
    const bigBytes = codec.encode('IncidentRecorded', big);
    // The incident and its dead letter fit; what triage writes for it (its hub care plan) does not.
    const bus = new InMemoryEventBus(6, { maxMessageBytes: bigBytes.byteLength + 1024 });
    const topics = pipelineTopicNames();
    const pipeline = await startPipeline(bus, topics);
    try {
      const next: IncidentRecorded = {
        ...uniqueIncident(),
        location: { ...big.location }, // the same household: the same partition, behind the refused one
      };
      const key = big.location.householdKey;
      await bus.publish([
        { topic: topics.incidents, key, value: bigBytes },
        { topic: topics.incidents, key, value: codec.encode('IncidentRecorded', next) },
      ]);
      const { collected } = pipeline;
      await waitFor(
        () => collected.of<ShareDecision>(topics.decisions).some((d) => d.source.eventId === next.eventId),
        'the next incident decided',
        30_000,
      );
      const letters = collected.of<DeadLetter>(topics.deadLetter).filter((d) => d.topic === topics.incidents);
      expect(letters).toHaveLength(1);
      expect(letters[0]!.reasonCode).toBe('OUTPUT_REFUSED');
      expect(letters[0]!.reason).toContain('MESSAGE_TOO_LARGE');
      expect(Buffer.from(letters[0]!.originalBytes).equals(Buffer.from(bigBytes))).toBe(true);
      await waitFor(
        () =>
          collected
            .of<AuditRecord>(topics.audit)
            .some((a) => a.kind === 'DEAD_LETTERED' && (a.reason ?? '').startsWith('OUTPUT_REFUSED')),
        'the dead letter audited',
      );
      // Nothing of the refused incident was written: no decision, no share.
      expect(
        collected.of<ShareDecision>(topics.decisions).some((d) => d.source.eventId === big.eventId),
      ).toBe(false);
    } finally {
      await pipeline.stop();
    }
  });
});
