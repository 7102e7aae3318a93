import { describe, it } from 'vitest';
import { InMemoryEventBus } from '@sharehub/kit/testing';
import { pipelineTopicNames } from './pipelineHarness.js';
import { runPipelineScenario } from './pipelineScenarios.js';

describe('the pipeline on the in-memory bus', () => {
  it('routes an incident, a care plan and a MARAC listing exactly as explain says, and dead-letters poison', async () => {
    await runPipelineScenario(new InMemoryEventBus(6), pipelineTopicNames());
  });
});
