export { InMemoryBlobStore } from './InMemoryBlobStore.js';
