import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests run one file at a time against the real servers found by @sharehub/test-support.
export default defineConfig({
  test: {
    globalSetup: [fileURLToPath(import.meta.resolve('@sharehub/test-support/globalSetup'))],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
