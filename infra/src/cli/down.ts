#!/usr/bin/env node
// `npm run infra:down`: stops the local Kafka broker and S3 server started by the infra scripts.
import { runServerScript } from '../localServers.js';

await runServerScript('s3', 'stop');
await runServerScript('kafka', 'stop');
