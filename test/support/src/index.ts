export { resolveServers, KAFKA_IMAGE, S3_IMAGE, type TestServers } from './resolveServers.js';
export { testServers, freshTopics } from './testServers.js';
export { spawnService, READY_MESSAGES, type ServiceProcess } from './spawnService.js';
export { startDedicatedBroker, type DedicatedBroker } from './dedicatedBroker.js';
export { isolatedAuditEnv } from './isolatedAuditEnv.js';
export { seededRandom } from './seededRandom.js';
