export {
  createGatewayApp,
  BATCH_PATH,
  type GatewayDeps,
  type Accepted,
  type BatchResult,
} from './createGatewayApp.js';
export { acceptEvents, type AcceptOutcome, type EventToAccept } from './acceptEvents.js';
export { readBatch, MAX_BATCH_EVENTS, type BatchItem } from './readBatch.js';
export { BatchTooLargeError } from './BatchTooLargeError.js';
export { cacheVerifiedTokens, type TokenCacheOptions } from './cacheVerifiedTokens.js';
export { CachedAcceptedEventLedger, type CachedLedgerOptions } from './CachedAcceptedEventLedger.js';
export { SqliteAcceptedEventLedger } from './SqliteAcceptedEventLedger.js';
export { PUBLISH_ROUTES, type PublishRoute } from './publishRoutes.js';
export { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';
export { InMemoryAcceptedEventLedger } from './InMemoryAcceptedEventLedger.js';
export { avroEventCodec } from './avroEventCodec.js';
export { readGatewayConfig, gatewayConfigSchema, type GatewayConfig } from './config.js';
export type { AcceptedEvent, AcceptedEventLedger, EventCodecPort, PublishedEventType } from './ports.js';
