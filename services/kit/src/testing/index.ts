export { InMemoryBlobStore } from './InMemoryBlobStore.js';
export { InMemoryEventBus } from './InMemoryEventBus.js';
export { blobStoreContract } from './blobStoreContract.js';
export { eventBusContract, type EventBusFixture } from './eventBusContract.js';
export { waitFor } from './waitFor.js';
export { fixedClock } from './fixedClock.js';
export { sqlDatabaseContract } from './sqlDatabaseContract.js';
export { testPostgres } from './testPostgres.js';
export { settingsRefused } from './settingsRefused.js';
