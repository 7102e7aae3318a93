import { afterAll, describe, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '@sharehub/kit';
import { KafkaEventBus, provisionTopics } from '@sharehub/kit/kafka';
import { testServers } from '@sharehub/test-support';
import { pipelineTopicNames, type PipelineTopics } from './pipelineHarness.js';
import { runPipelineScenario } from './pipelineScenarios.js';

/** Creates a fresh set of pipeline topics on the real broker (6 partitions, as the catalogue). */
export async function provisionPipelineTopics(topics: PipelineTopics): Promise<void> {
  const kafka = new Kafka({
    clientId: 'e2e-provision',
    brokers: testServers().kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  await provisionTopics(
    kafka,
    (Object.values(topics) as string[]).map((name) => ({
      name,
      partitions: name.endsWith('audit.record') ? 1 : 6,
      retentionMs: 3_600_000,
      cleanupPolicy: 'delete' as const,
      key: 'test',
      value: 'test',
    })),
  );
}

const bus = new KafkaEventBus({
  brokers: testServers().kafkaBrokers,
  clientId: 'e2e-pipeline',
  logger: createLogger('e2e-pipeline', { level: 'error' }),
});
afterAll(() => bus.close());

describe('the pipeline on the real broker', () => {
  it('routes an incident, a police care plan and a MARAC listing exactly as explain says, audits each, and dead-letters poison', async () => {
    const topics = pipelineTopicNames();
    await provisionPipelineTopics(topics);
    await runPipelineScenario(bus, topics);
  });
});
