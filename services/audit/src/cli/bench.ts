#!/usr/bin/env node
// `npm run bench -w @sharehub/audit [-- --records N]`: how many audit records per second this machine sequences,
// on the real servers (local Kafka and S3 unless KAFKA_BROKERS / S3_ENDPOINT say otherwise; PostgreSQL at
// DATABASE_URL, else embedded PGlite in a temp folder). Two figures: end to end through Kafka (a fresh topic
// consumed by the service's own consumer, until every record is durable and checkpointed), and the sequencer alone
// (decode, dedupe, Merkle append, index insert, segments and checkpoints to S3) fed batches of 500, with its CPU per
// leaf and the process's peak RSS; then how long the sequencer takes to recover that log on a restart, from the
// frontier state and (the layout before it) from every segment (`--restart` phase, docs/adr/0063).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { frontierStateKey, generateSigningKey, type BlobStore } from '@sharehub/audit-log';
import { createLogger, systemClock, type IncomingMessage } from '@sharehub/kit';
import { KafkaEventBus, provisionTopics } from '@sharehub/kit/kafka';
import { S3BlobStore } from '@sharehub/kit/s3';
import { openDatabase } from '@sharehub/kit/sql';
import { createCodec } from '@sharehub/schemas';
import { readAuditConfig } from '../config.js';
import { SqlAuditIndex } from '../index/SqlAuditIndex.js';
import { AuditSequencer } from '../log/AuditSequencer.js';
import { startSequencing } from '../startSequencing.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '20000' },
    'skip-kafka': { type: 'boolean', default: false },
  },
});
const total = Number(values.records);
// Peak resident memory of this process, sampled (the encoded records it feeds are part of it).
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
sampler.unref();
const config = readAuditConfig();
const logger = createLogger('audit-bench', { level: 'warn' });
const codec = createCodec();
const key = await generateSigningKey();
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const encoded = Array.from({ length: total }, (_, i) => {
  const record = makeAuditRecord({ auditId: `bench-${i}`, subjectPersonIds: [`child-${i % 997}`] });
  return { key: record.auditId, value: codec.encode('AuditRecord', record) };
});

async function freshStores(name: string) {
  const blobs = new S3BlobStore({ bucket: `audit-bench-${randomUUID()}`, endpoint: config.S3_ENDPOINT });
  await blobs.ensureBucket();
  const db = await openDatabase({
    url: config.DATABASE_URL,
    embeddedDir: mkdtempSync(join(tmpdir(), `audit-bench-${name}-`)),
  });
  const schema = config.DATABASE_URL ? `audit_bench_${randomUUID().replaceAll('-', '')}` : undefined;
  const index = await SqlAuditIndex.open(db, {
    ...(schema ? { schema } : {}),
    flushRows: config.AUDIT_INDEX_FLUSH_ROWS,
    flushMs: config.AUDIT_INDEX_FLUSH_MS,
  });
  const newSequencer = (blobStore: BlobStore = blobs) =>
    new AuditSequencer({
      log: {
        logId: 'audit',
        blobStore,
        clock: systemClock,
        signingKey: { kid: key.kid, privateKey: key.privateJwk },
        checkpointEvery: {
          leaves: config.AUDIT_CHECKPOINT_EVERY,
          seconds: config.AUDIT_CHECKPOINT_INTERVAL_MS / 1000,
        },
        retainUntil: (now) => new Date(now.getTime() + config.AUDIT_RETENTION_DAYS * 86_400_000),
      },
      index,
      codec,
      logger,
    });
  const sequencer = newSequencer();
  const close = async () => {
    await index.close();
    if (schema) await db.exec(`drop schema "${schema}" cascade`);
    await db.close();
    blobs.s3.destroy();
  };
  return { sequencer, newSequencer, index, blobs, close };
}

// 1. The sequencer alone, then a restart of it.
{
  const { sequencer, newSequencer, index, blobs, close } = await freshStores('direct');
  await sequencer.recover();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let from = 0; from < total; from += 500) {
    const messages = encoded.slice(from, from + 500).map((m, i): IncomingMessage => ({
      topic: 'audit.record',
      partition: 0,
      offset: String(from + i),
      key: m.key,
      value: m.value,
      headers: {},
      timestamp: String(Date.now()),
    }));
    await sequencer.handleBatch({ topic: 'audit.record', partition: 0, messages });
  }
  await sequencer.flush();
  await index.flush();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  progress(`sequencer alone: ${total} records in ${seconds.toFixed(2)} s`);
  report('sequencer', seconds, {
    cpuMicrosPerLeaf: Number(((used.user + used.system) / total).toFixed(1)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  });
  // A restart: a new sequencer over the same bucket and index recovers the log.
  const recoverSeconds = async (blobStore?: BlobStore) => {
    const at = performance.now();
    await newSequencer(blobStore).recover();
    return Number(((performance.now() - at) / 1000).toFixed(3));
  };
  const fromFrontier = await recoverSeconds();
  // The layout before the frontier state: every segment listed, read and re-hashed.
  const state = await blobs.get(frontierStateKey('audit'));
  const withoutState: BlobStore = {
    put: (...args) => blobs.put(...args),
    get: async (key) => (key === frontierStateKey('audit') ? undefined : blobs.get(key)),
    list: (prefix) => blobs.list(prefix),
  };
  const fromSegments = await recoverSeconds(withoutState);
  progress(`restart: ${fromFrontier} s from the frontier state, ${fromSegments} s from every segment`);
  process.stdout.write(
    `${JSON.stringify({ path: 'restart', records: total, recoverFromFrontierSeconds: fromFrontier, recoverFromSegmentsSeconds: fromSegments, frontierStateBytes: state?.byteLength })}\n`,
  );
  await close();
}

// 2. End to end through Kafka.
if (!values['skip-kafka']) {
  const bus = new KafkaEventBus({ brokers: config.KAFKA_BROKERS, clientId: 'audit-bench', logger });
  const topic = `audit-bench.${randomUUID()}`;
  await provisionTopics(bus.client, [
    {
      name: topic,
      partitions: 1,
      retentionMs: 3_600_000,
      cleanupPolicy: 'delete',
      key: 'bench',
      value: 'AuditRecord',
    },
  ]);
  for (let from = 0; from < total; from += 1000)
    await bus.publish(encoded.slice(from, from + 1000).map((m) => ({ topic, ...m })));
  progress(`published ${total} records to ${topic}`);
  const { sequencer, index, close } = await freshStores('kafka');
  await sequencer.recover();
  const started = performance.now();
  const running = await startSequencing({
    bus,
    sequencer,
    topic,
    groupId: `audit-bench-${randomUUID()}`,
    logger,
    tickMs: 250,
  });
  await running.ready;
  while ((await index.size()) < total) await new Promise((resolve) => setTimeout(resolve, 50));
  await running.stop(); // the final checkpoint
  const seconds = (performance.now() - started) / 1000;
  progress(`through Kafka: ${total} records in ${seconds.toFixed(2)} s (joining the group included)`);
  await bus.close();
  await close();
  report('kafka', seconds);
}

function report(path: 'sequencer' | 'kafka', seconds: number, extra: Record<string, number> = {}): void {
  const perSecond = Math.round(total / seconds);
  process.stdout.write(
    `${JSON.stringify({
      path,
      records: total,
      seconds: Number(seconds.toFixed(3)),
      recordsPerSecond: perSecond,
      index: config.DATABASE_URL ? 'postgresql' : 'pglite',
      checkpointEvery: config.AUDIT_CHECKPOINT_EVERY,
      ...extra,
    })}\n`,
  );
}
