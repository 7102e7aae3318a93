export { createTriageService, type TriageDeps, type TriageService } from './createTriageService.js';
export { readTriageConfig, triageConfigSchema, type TriageConfig } from './config.js';
