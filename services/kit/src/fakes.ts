// `@sharehub/kit/fakes`: the in-memory fakes alone (no test runner loaded), for benchmarks and tools; the contract
// suites they are held to are in `@sharehub/kit/testing`.
export { InMemoryBlobStore } from './testing/InMemoryBlobStore.js';
export { InMemoryEventBus } from './testing/InMemoryEventBus.js';
export { fixedClock } from './testing/fixedClock.js';
