import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@sharehub/kit';
import { InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import { createCodec, type DeadLetter } from '@sharehub/schemas';
import { hubTopics } from './hubTopics.js';
import { startDecisionTransform } from './startDecisionTransform.js';

const logger = createLogger('transform-test', {
  level: 'silent',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});
const codec = createCodec();

describe('startDecisionTransform', () => {
  it('dead-letters what it cannot decode on the prefixed catalogue (deadletter and audit.record), never the bare names', async () => {
    const bus = new InMemoryEventBus(3);
    const topics = hubTopics(`t${randomUUID().slice(0, 8)}.`);
    const sub = await startDecisionTransform({
      bus,
      codec,
      logger,
      groupId: `g-${randomUUID()}`,
      topics,
      inputs: [topics.incidentRecorded],
      stateName: 'nothing',
      reset: () => undefined,
      begin: () => ({ handle: () => [], commit: () => undefined }),
    });
    await bus.publish([{ topic: topics.incidentRecorded, key: 'hh-1', value: Uint8Array.from([1, 2, 3]) }]);
    await waitFor(() => bus.messages(topics.deadLetter).length === 1, 'the dead letter');
    await sub.stop();
    const letter: DeadLetter = codec.decodeAs('DeadLetter', bus.messages(topics.deadLetter)[0]!.value!);
    expect(letter.topic).toBe(topics.incidentRecorded);
    expect(bus.messages(topics.auditRecord)).toHaveLength(1);
    expect(bus.messages('deadletter')).toHaveLength(0);
    expect(bus.messages('audit.record')).toHaveLength(0);
  });

  it('rebuilds state on assignment from what the group consumed, and applies a batch only once committed', async () => {
    const bus = new InMemoryEventBus(3);
    const topics = hubTopics(`t${randomUUID().slice(0, 8)}.`);
    const groupId = `g-${randomUUID()}`;
    let seen: string[] = [];
    const start = () =>
      startDecisionTransform({
        bus,
        codec,
        logger,
        groupId,
        topics,
        inputs: [topics.consentRecorded],
        stateName: 'seen ids',
        reset: () => (seen = []),
        begin: () => {
          const staged: string[] = [];
          return {
            handle: (decoded) => (staged.push((decoded.value as { eventId: string }).eventId), []),
            commit: () => seen.push(...staged),
          };
        },
      });
    const consent = (eventId: string) => ({
      topic: topics.consentRecorded,
      key: eventId,
      value: codec.encode('ConsentRecorded', {
        eventId,
        area: 'trafford',
        subjectPersonId: 'P-1',
        scope: null,
        status: 'GIVEN',
        reason: null,
        recordedAt: '2026-03-14T23:50:00Z',
        recordedBy: 'tr-csc-first-response',
      }),
    });
    const first = await start();
    await bus.publish([consent('e1'), consent('e2')]);
    await waitFor(() => seen.length === 2, 'both applied');
    await first.stop();
    seen = ['stale'];
    const second = await start();
    await second.ready;
    expect(seen.sort()).toEqual(['e1', 'e2']); // the restart's state: replayed, not carried over
    await second.stop();
  });
});
