#!/usr/bin/env node
// The triage process: its settings, then decision-events' runDecisionService (areas, bus, ops endpoints, shutdown).
import { runDecisionService } from '@sharehub/decision-events';
import { readTriageConfig } from './config.js';
import { createTriageService } from './createTriageService.js';

await runDecisionService({
  name: 'triage',
  prefix: 'TRIAGE',
  config: readTriageConfig(),
  create: createTriageService,
});
