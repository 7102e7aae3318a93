export { InMemoryInboxStore } from './InMemoryInboxStore.js';
export { inboxStoreContract } from './inboxStoreContract.js';
export { sampleNotification, sampleTriageItem } from './sampleEvents.js';
