import { generateSigningKey, type SigningKey } from '@sharehub/audit-log';
import {
  createLogger,
  type BlobStore,
  type EventBus,
  type IncomingMessage,
  type MessageBatch,
} from '@sharehub/kit';
import { fixedClock } from '@sharehub/kit/testing';
import { createCodec, type AuditRecord } from '@sharehub/schemas';
import type { AuditIndex } from '../index/AuditIndex.js';
import { AuditLogReadModel } from '../log/AuditLogReadModel.js';
import { AuditSequencer } from '../log/AuditSequencer.js';

/** The codec of the hub's events, shared by the tests (building it parses every schema). */
export const testCodec = createCodec();

/** A logger that writes nothing. */
export const silentLogger = createLogger('audit-test', { level: 'silent' });

let key: Promise<SigningKey> | undefined;
/** One checkpoint signing key for a test run. */
export function testSigningKey(): Promise<SigningKey> {
  key ??= generateSigningKey();
  return key;
}

/** A batch of `audit.record` messages carrying these records (offsets from `firstOffset`). */
export function auditBatch(
  records: readonly AuditRecord[],
  firstOffset = 0,
  topic = 'audit.record',
): MessageBatch {
  return {
    topic,
    partition: 0,
    messages: records.map((record, i): IncomingMessage => ({
      topic,
      partition: 0,
      offset: String(firstOffset + i),
      key: record.auditId,
      value: testCodec.encode('AuditRecord', record),
      headers: {},
      timestamp: String(Date.parse('2026-03-15T00:00:00Z') + firstOffset + i),
    })),
  };
}

/**
 * A sequencer over the real log writer on a blob store and an index, with a fixed clock the test moves, and a read
 * model over the same store and index (reading the bucket on every call, not told by the sequencer).
 */
export async function makeSequencer(options: {
  blobs: BlobStore;
  index: AuditIndex;
  checkpointEvery?: number;
  checkpointSeconds?: number;
  logId?: string;
  deadLetter?: { bus: EventBus; topic: string; groupId: string };
  /** The checkpoint key (default: the run's test key). */
  signing?: SigningKey;
}) {
  const clock = fixedClock('2026-03-15T00:00:00Z');
  const signing = options.signing ?? (await testSigningKey());
  const sequencer = new AuditSequencer({
    log: {
      logId: options.logId ?? 'audit',
      blobStore: options.blobs,
      clock,
      signingKey: { kid: signing.kid, privateKey: signing.privateJwk },
      checkpointEvery: { leaves: options.checkpointEvery ?? 3, seconds: options.checkpointSeconds ?? 10 },
    },
    index: options.index,
    codec: testCodec,
    logger: silentLogger,
    ...(options.deadLetter ? { deadLetter: options.deadLetter } : {}),
  });
  const readModel = new AuditLogReadModel({
    logId: options.logId ?? 'audit',
    blobStore: options.blobs,
    index: options.index,
    refreshMs: 0,
  });
  return { sequencer, readModel, clock, publicKeys: { keys: [signing.publicJwk] } };
}
