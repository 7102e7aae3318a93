import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// This package's unit and integration tests (`test:unit`, `test:int`) need no real server, so they run without the
// global setup that finds or starts Kafka and S3. Turbo runs them beside other packages' tests while `test:e2e` may
// be starting or stopping those servers; a global setup here would race it (one run's teardown stopped the S3
// server the other was starting, and CI failed).
export default defineConfig({ ...base, test: { ...base.test, globalSetup: [] } });
