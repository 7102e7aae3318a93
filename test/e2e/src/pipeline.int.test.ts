import { describe, it } from 'vitest';
import { InMemoryEventBus } from '@sharehub/kit/testing';
import { pipelineTopicNames } from './pipelineHarness.js';
import { runPipelineScenario, runProvenanceScenario } from './pipelineScenarios.js';

describe('the pipeline on the in-memory bus', () => {
  it('routes an incident, a care plan and a MARAC listing exactly as explain says, and dead-letters poison', async () => {
    await runPipelineScenario(new InMemoryEventBus(6), pipelineTopicNames());
  });

  it('routes a publisher’s plan posing as the hub’s as a police plan, and its eventId does not pre-empt the hub’s plan', async () => {
    await runProvenanceScenario(new InMemoryEventBus(6), pipelineTopicNames());
  });
});
