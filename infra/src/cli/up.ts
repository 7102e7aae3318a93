#!/usr/bin/env node
// `npm run infra:up`: starts (or reuses) the local Kafka broker and S3 server, provisions topics and the audit bucket.
import { ensureLocalServer, LOCAL_KAFKA, LOCAL_S3 } from '../localServers.js';
import { provisionInfra, AUDIT_BUCKET } from '../provisionInfra.js';

const started = Date.now();
await ensureLocalServer('kafka');
await ensureLocalServer('s3');
const { createdTopics } = await provisionInfra({ brokers: [LOCAL_KAFKA], s3Endpoint: LOCAL_S3 });
process.stderr.write(
  `[infra] up in ${((Date.now() - started) / 1000).toFixed(1)}s: Kafka ${LOCAL_KAFKA}, S3 ${LOCAL_S3} (bucket ${AUDIT_BUCKET})` +
    (createdTopics.length ? `; created topics ${createdTopics.join(', ')}` : '') +
    '\n',
);
