#!/usr/bin/env node
// The router process: its settings, then decision-events' runDecisionService (areas, bus, ops endpoints, shutdown).
import { runDecisionService } from '@sharehub/decision-events';
import { readRouterConfig } from './config.js';
import { createRouterService } from './createRouterService.js';

await runDecisionService({
  name: 'router',
  prefix: 'ROUTER',
  config: readRouterConfig(),
  create: createRouterService,
});
