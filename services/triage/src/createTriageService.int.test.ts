import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validExample } from '@sharehub/contracts';
import { createAreaRegistry } from '@sharehub/decision-core';
import { hubTopics } from '@sharehub/decision-events';
import { createLogger } from '@sharehub/kit';
import { InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import { createCodec, type IncidentRecorded, type ShareDecision } from '@sharehub/schemas';
import { createTriageService } from './createTriageService.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('triage state bounded by the rules look-back (ADR 0082)', () => {
  it('restores from the window only: after N old incidents and M recent ones it replays the M, and old ones no longer count', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('triage-test', {
      level: 'info',
      destination: new Writable({
        write: (chunk: Buffer, _e, cb) => {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          cb();
        },
      }),
    });
    const bus = new InMemoryEventBus(3);
    const topics = hubTopics(`t${randomUUID().slice(0, 8)}.`);
    const codec = createCodec();
    const now = Date.parse('2026-11-20T12:00:00Z');
    const base = validExample<'IncidentRecorded'>('incident-trafford-not-shared').event;
    const incidentAt = (n: number, at: number, household: string): IncidentRecorded => ({
      ...structuredClone(base),
      eventId: randomUUID(),
      incidentRef: `INC-${n}`,
      occurredAt: iso(at),
      recordedAt: iso(at),
      crimeRecorded: false,
      location: { ...base.location, householdKey: household },
    });
    const publish = (events: IncidentRecorded[], at: (n: number) => number) =>
      bus.publish(
        events.map((e, n) => ({
          topic: topics.incidentRecorded,
          key: e.location.householdKey,
          value: codec.encode('IncidentRecorded', e),
          timestamp: String(at(n)),
        })),
      );
    // N = 300 incidents two years old (two in each of 150 households), then M = 20 recent ones in other households.
    const oldAt = (n: number) => now - 730 * DAY + n * 60_000;
    await publish(
      Array.from({ length: 300 }, (_, n) => incidentAt(n, oldAt(n), `old-${n % 150}`)),
      oldAt,
    );
    const recentAt = (n: number) => now - DAY + n * 60_000;
    await publish(
      Array.from({ length: 20 }, (_, n) => incidentAt(1000 + n, recentAt(n), `new-${n % 10}`)),
      recentAt,
    );
    const groupId = `triage-${randomUUID()}`;
    const start = async () => {
      const service = createTriageService({
        bus,
        codec,
        areaOf: createAreaRegistry(),
        logger,
        groupId,
        topics,
      });
      await (
        await service.start()
      ).ready;
      return service;
    };
    const first = await start();
    await waitFor(() => bus.messages(topics.shareDecided).length === 320, 'every incident decided');
    await first.stop();

    const second = await start();
    const restored = lines.filter((l) => l.msg === 'household history restored').at(-1)!;
    expect(restored.replayed).toBe(20);
    expect(restored.held).toMatchObject({ households: 10, incidents: 20 });
    // A third incident (no crime, a child resides) at a household with two old ones: they are out of its window and
    // out of the state; at one with two recent ones, the history counts them (T2).
    await publish([incidentAt(2000, now, 'old-0'), incidentAt(2001, now, 'new-0')], () => now);
    await waitFor(() => bus.messages(topics.shareDecided).length === 322, 'both decided');
    const byHousehold = new Map(
      bus
        .messages(topics.shareDecided)
        .map((m) => codec.decode(m.value!).value as ShareDecision)
        .filter((d) => d.source.ref === 'INC-2000' || d.source.ref === 'INC-2001')
        .map((d) => [d.householdKey, d]),
    );
    expect(byHousehold.get('old-0')?.historyEventIds).toEqual([]);
    expect(byHousehold.get('old-0')?.rulesFired).toEqual([]);
    expect(byHousehold.get('new-0')?.historyEventIds).toHaveLength(2);
    expect(byHousehold.get('new-0')?.rulesFired).toContain('T2');
    await second.stop();
  });
});
