import { blobStoreContract } from './blobStoreContract.js';
import { eventBusContract } from './eventBusContract.js';
import { InMemoryBlobStore } from './InMemoryBlobStore.js';
import { DEFAULT_MAX_MESSAGE_BYTES, InMemoryEventBus } from './InMemoryEventBus.js';

// The fakes are held to the same contract suites as the real adapters (test/e2e runs them on Kafka and S3).
blobStoreContract('InMemoryBlobStore', async () => Promise.resolve(new InMemoryBlobStore()));

let n = 0;
eventBusContract('InMemoryEventBus', async () => {
  const bus = new InMemoryEventBus(3);
  return Promise.resolve({
    bus,
    topics: async (count: number) => Promise.resolve(Array.from({ length: count }, () => `topic-${n++}`)),
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  });
});
