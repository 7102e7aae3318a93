import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, DeadLetter } from '@sharehub/schemas';
import { createLogger } from '@sharehub/kit';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { testServers } from '@sharehub/test-support';
import { expectClean } from './expectClean.js';
import { useFaultHub } from './useFaultHub.js';
import { faultLoadSettings, POISON_MARKER, runWithFaults } from './faultRun.js';

const running = useFaultHub();
let bus: KafkaEventBus;
beforeAll(() => {
  bus = new KafkaEventBus({
    brokers: testServers().kafkaBrokers,
    clientId: 'poisoner',
    logger: createLogger('poisoner', { level: 'error' }),
  });
});
afterAll(async () => {
  await bus?.close();
});

describe('the fault matrix: poison and scale-out', () => {
  it('poison on every input topic at 1 % of the load is dead-lettered with its bytes, and everything else flows', async () => {
    const { hub, out } = running;
    const inputTopics = [
      hub.topics.incidentRecorded,
      hub.topics.carePlanIssued,
      hub.topics.maracListed,
      hub.topics.consentRecorded,
    ];
    const { ratePerSec } = faultLoadSettings();
    let sent = 0;
    const poison = async (stop: AbortSignal) => {
      // 1 % of the load, spread over the input topics, each a different poison (the marker, then a counter).
      while (!stop.aborted) {
        await new Promise((r) => setTimeout(r, 100_000 / ratePerSec));
        const topic = inputTopics[sent % inputTopics.length]!;
        await bus.publish([
          { topic, key: `poison-${sent}`, value: Buffer.concat([POISON_MARKER, Buffer.from(String(sent))]) },
        ]);
        sent++;
      }
    };
    const report = await runWithFaults(hub, out, 'poison 1 %', [], { extraLoad: poison });
    expectClean(report);
    // Every poison message is dead-lettered once by each consumer group that reads its topic, with its original
    // bytes, and each dead letter is audited once (DEAD_LETTERED, naming it).
    const letters = out
      .of<DeadLetter>(hub.topics.deadLetter)
      .filter(
        (d) =>
          d.originalBytes &&
          Buffer.from(d.originalBytes).subarray(0, POISON_MARKER.length).equals(POISON_MARKER),
      );
    expect(sent).toBeGreaterThan(0);
    expect(new Set(letters.map((d) => Buffer.from(d.originalBytes).toString('latin1'))).size).toBe(sent);
    const perGroup = letters.map(
      (d) => `${Buffer.from(d.originalBytes).toString('latin1')} by ${d.consumerGroup}`,
    );
    expect(perGroup.length).toBe(new Set(perGroup).size);
    const auditedLetters = out
      .of<AuditRecord>(hub.topics.auditRecord)
      .filter((a) => a.kind === 'DEAD_LETTERED')
      .map((a) => (JSON.parse(a.detail ?? '{}') as { deadLetterId?: string }).deadLetterId);
    for (const letter of letters)
      expect(
        auditedLetters.filter((id) => id === letter.deadLetterId),
        letter.deadLetterId,
      ).toHaveLength(1);
  }, 900_000);

  it('two instances each of triage and router, one of each SIGKILLed for good and a third started: partitions move, nothing twice, nothing missing', async () => {
    const { hub, out } = running;
    await hub.add('triage', 'triage#2');
    await hub.add('router', 'router#2');
    const report = await runWithFaults(
      hub,
      out,
      'scale-out',
      [
        { name: 'SIGKILL triage (for good)', inject: () => hub.remove('triage') },
        { name: 'SIGKILL router (for good)', inject: () => hub.remove('router') },
        { name: 'start triage#3', inject: async () => void (await hub.add('triage', 'triage#3')) },
        { name: 'start router#3', inject: async () => void (await hub.add('router', 'router#3')) },
      ],
      { seed: 99 },
    );
    expectClean(report);
  }, 900_000);
});
