export { createGatewayApp, type GatewayDeps, type Accepted } from './createGatewayApp.js';
export { PUBLISH_ROUTES, type PublishRoute } from './publishRoutes.js';
export { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';
export { InMemoryAcceptedEventLedger } from './InMemoryAcceptedEventLedger.js';
export { avroEventCodec } from './avroEventCodec.js';
export { readGatewayConfig, gatewayConfigSchema, type GatewayConfig } from './config.js';
export type { AcceptedEvent, AcceptedEventLedger, EventCodecPort, PublishedEventType } from './ports.js';
