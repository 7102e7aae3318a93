#!/usr/bin/env node
// `npm run infra:up`: starts (or reuses) the local Kafka broker and S3 server, provisions topics and the audit bucket.
// Refuses a server on its ports that another installation started (ForeignServerError).
import { ensureLocalServer, LOCAL_KAFKA, LOCAL_S3 } from '../localServers.js';
import { AUDIT_BUCKET } from '@sharehub/contracts';
import { provisionInfra } from '../provisionInfra.js';

const started = Date.now();
try {
  await ensureLocalServer('kafka', { foreign: 'refuse' });
  await ensureLocalServer('s3', { foreign: 'refuse' });
} catch (err) {
  process.stderr.write(`[infra] ERROR ${(err as Error).message}\n`);
  process.exit(1);
}
const { createdTopics } = await provisionInfra({ brokers: [LOCAL_KAFKA], s3Endpoint: LOCAL_S3 });
process.stderr.write(
  `[infra] up in ${((Date.now() - started) / 1000).toFixed(1)}s: Kafka ${LOCAL_KAFKA}, S3 ${LOCAL_S3} (bucket ${AUDIT_BUCKET})` +
    (createdTopics.length ? `; created topics ${createdTopics.join(', ')}` : '') +
    '\n',
);
