export { createRouterService, type RouterDeps, type RouterService } from './createRouterService.js';
export { readRouterConfig, routerConfigSchema, type RouterConfig } from './config.js';
