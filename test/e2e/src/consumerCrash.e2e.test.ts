import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, MessagingError } from '@sharehub/kit';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { waitFor } from '@sharehub/kit/testing';
import { freshTopics, testServers } from '@sharehub/test-support';

// A kafkajs consumer that crashes on an error kafkajs deems not retriable (a group coordinator not found while the
// broker was away, here an error the handler says is not retriable) is not restarted by kafkajs: the event bus
// starts a new consumer of the group, which reads the batch again (docs/adr/0111-consumers-that-crash-start-again.md).
const logger = createLogger('e2e', { level: 'silent' });
const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'e2e-crash', logger });
afterAll(() => bus.close());

describe('a consumer that crashes for good', () => {
  it('is replaced by a new consumer of its group, which handles the batch that crashed it', async () => {
    const [topic] = await freshTopics(1, 1);
    const seen: string[] = [];
    let failed = 0;
    const sub = await bus.consume({ groupId: `crash-${randomUUID()}`, topics: [topic!] }, async (batch) => {
      for (const m of batch.messages) {
        if (failed === 0) {
          failed++;
          throw new MessagingError('NOT_NOW', 'a failure kafkajs will not retry', { retriable: false });
        }
        seen.push(Buffer.from(m.value!).toString('utf8'));
      }
    });
    await sub.ready;
    await bus.publish([{ topic: topic!, key: 'k', value: Buffer.from('after the crash') }]);
    await waitFor(() => seen.length > 0, 'the message handled by the new consumer', 60_000);
    expect({ failed, seen }).toEqual({ failed: 1, seen: ['after the crash'] });
    await sub.stop();
  });
});
