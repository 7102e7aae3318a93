import {
  canonicalJson,
  createLogger,
  type BlobStore,
  type IncomingMessage,
  type MessageBatch,
} from '@sharehub/kit';
import { fixedClock } from '@sharehub/kit/testing';
import { createCodec, type AuditRecord } from '@sharehub/schemas';
import type { AuditIndex } from '../index/AuditIndex.js';
import { AuditSequencer } from '../log/AuditSequencer.js';
import type { LeafLog } from '../log/LeafLog.js';

/** The codec of the hub's events, shared by the tests (building it parses every schema). */
export const testCodec = createCodec();

/** A logger that writes nothing. */
export const silentLogger = createLogger('audit-test', { level: 'silent' });

/** The leaf bytes the tests use when the real canonical form is not under test. */
export const testLeafBytes = (record: AuditRecord): Uint8Array =>
  new TextEncoder().encode(canonicalJson({ ...record, position: undefined }));

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
      timestamp: String(Date.parse('2026-03-15T00:00:00Z') + i),
    })),
  };
}

/** A sequencer over a log, an index and a blob store, with a fixed clock the test moves. */
export function makeSequencer(options: {
  log: LeafLog;
  index: AuditIndex;
  blobs?: BlobStore;
  checkpointEvery?: number;
  checkpointIntervalMs?: number;
  leafBytes?: (record: AuditRecord) => Uint8Array;
}) {
  const clock = fixedClock('2026-03-15T00:00:00Z');
  const sequencer = new AuditSequencer({
    log: options.log,
    index: options.index,
    codec: testCodec,
    leafBytes: options.leafBytes ?? testLeafBytes,
    clock,
    logger: silentLogger,
    checkpointEvery: options.checkpointEvery ?? 3,
    checkpointIntervalMs: options.checkpointIntervalMs ?? 10_000,
  });
  return { sequencer, clock };
}
