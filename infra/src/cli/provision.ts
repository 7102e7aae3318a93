#!/usr/bin/env node
// Provisions topics and the audit bucket on the servers named by KAFKA_BROKERS and S3_ENDPOINT (used by docker-compose).
import { provisionInfra } from '../provisionInfra.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const { createdTopics } = await provisionInfra({
  brokers,
  ...(process.env.S3_ENDPOINT ? { s3Endpoint: process.env.S3_ENDPOINT } : {}),
});
process.stderr.write(`[provision] done; created ${createdTopics.length} topics\n`);
