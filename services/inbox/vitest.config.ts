import { defineConfig } from 'vitest/config';

// Embedded PostgreSQL (PGlite) takes a second or two to open, more when the whole repository's tests run at once.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
