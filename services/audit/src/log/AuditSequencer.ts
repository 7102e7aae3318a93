import {
  AuditLogWriter,
  prepareLeaf,
  decodeSegment,
  parseSegmentKey,
  segmentPrefix,
  toHex,
  type AuditRecordJson,
  type AuditLogWriterOptions,
  type PreparedLeaf,
  type SegmentLeaf,
  type SignedCheckpoint,
} from '@sharehub/audit-log';
import {
  deadLetterHeaders,
  type EventBus,
  type FaultPoint,
  type IncomingMessage,
  type Logger,
  type MessageBatch,
} from '@sharehub/kit';
import type { AuditRecord, Codec, DeadLetter } from '@sharehub/schemas';
import { deadLetterAuditIdOf, deadLetterOf } from '@sharehub/decision-events';
import { AuditStateError } from '../errors.js';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import { toIndexRow } from '../index/toIndexRow.js';

/** What the sequencer is built from. */
export interface AuditSequencerDeps {
  /** The Merkle log's writer settings: log id, blob store, clock, signing key, checkpoint policy, retention. */
  readonly log: AuditLogWriterOptions;
  readonly index: AuditIndex;
  readonly codec: Pick<Codec, 'decodeAs' | 'encode'>;
  readonly logger: Logger;
  /** Where undecodable audit messages go with their original bytes (besides their DEAD_LETTERED leaf). */
  readonly deadLetter?: { readonly bus: EventBus; readonly topic: string; readonly groupId: string };
  /** Where a fault test may pause the sequencer: after a batch's index journal commit (docs/adr/0102-fault-points.md). */
  readonly faultPoint?: FaultPoint;
  /** Told of every checkpoint once it is signed and stored (an `AuditLogReadModel` in the same process). */
  readonly onCheckpoints?: (checkpoints: readonly SignedCheckpoint[]) => void;
}

/** What one batch did. */
export interface SequencedBatch {
  readonly appended: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  /**
   * Checkpoints whose writing finished during this batch: the segments and checkpoints due after a batch are
   * written in the background while the next batch is sequenced (docs/adr/0063), and reported by that one.
   */
  readonly checkpoints: readonly SignedCheckpoint[];
}

interface DeadMessage {
  readonly letter: DeadLetter;
  readonly record: AuditRecord;
}

const PAGE = 1000;

/**
 * Sequences AuditRecords into the Merkle log exactly once per `auditId` (docs/adr/0060): a batch's new records
 * become leaves in memory, then rows of the index in one transaction (durable from here on), then, every N leaves
 * or T seconds, segments and signed checkpoints in the blob store; the consumer commits the batch's offsets only
 * after all that resolved. Any failure marks the state dirty, and the next batch first recovers it from the store
 * and the index, so a retried batch never leaves a gap or a duplicate. Batches, timer ticks and recovery run one
 * at a time. It is the writer only: reads (checkpoints, proofs) go through `AuditLogReadModel`, over what it
 * persists, in any instance (docs/adr/0064).
 */
export class AuditSequencer {
  private queue: Promise<unknown> = Promise.resolve();
  private dirty = true;
  private writer: AuditLogWriter | undefined;
  // The segments and checkpoints being written off the append path, started after the last batch.
  private cutting: Promise<SignedCheckpoint[]> | undefined;

  constructor(private readonly deps: AuditSequencerDeps) {}

  /** Rebuilds the log from the store and reconciles it with the index; runs before the first batch. */
  async recover(): Promise<void> {
    return this.serial(() => this.recoverNow());
  }

  /** Forgets the in-memory state: the next batch first recovers from the store and the index. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Sequences one batch of `audit.record`; resolves once its leaves are durable (the offsets may then move). */
  async handleBatch(batch: MessageBatch): Promise<SequencedBatch> {
    return this.serial(async () => {
      if (this.dirty) await this.recoverNow();
      try {
        return await this.sequence(batch, this.writer!);
      } catch (err) {
        this.dirty = true;
        throw err;
      }
    });
  }

  /** Signs the checkpoints that are due by time (the timer calls this); none while the state is dirty. */
  async tick(): Promise<SignedCheckpoint[]> {
    return this.serial(async () =>
      this.dirty
        ? []
        : this.guard(async () => [...(await this.settleCut()), ...(await this.writer!.checkpointIfDue())]),
    );
  }

  /** Checkpoints every leaf not yet in a checkpoint (graceful shutdown). */
  async flush(): Promise<SignedCheckpoint[]> {
    return this.serial(async () =>
      this.dirty
        ? []
        : this.guard(async () => [...(await this.settleCut()), ...(await this.writer!.flush())]),
    );
  }

  // Waits for the background cut; its failure is this caller's (the state is then recovered and the batch retried).
  private async settleCut(): Promise<SignedCheckpoint[]> {
    const cutting = this.cutting;
    this.cutting = undefined;
    return cutting ? await cutting : [];
  }

  /** Leaves sequenced so far (every one durable in the index), or 0 before recovery. */
  size(): number {
    return this.writer?.size ?? 0;
  }

  /** The root hash (hex) of the first `size` leaves, for sizes from the last checkpoint's on (the writer's edge). */
  rootAt(size: number): string {
    return toHex(this.requireWriter().rootAt(size));
  }

  /** The checkpoint at the writer's checkpointed size (undefined before recovery or the first checkpoint). */
  lastCheckpoint(): SignedCheckpoint | undefined {
    return this.writer?.latestCheckpoint;
  }

  private async sequence(batch: MessageBatch, writer: AuditLogWriter): Promise<SequencedBatch> {
    const { index, logger } = this.deps;
    const decoded = batch.messages.map((message) => this.decode(message));
    // Each message's dead-letter id is known up front (it is derived from the message), so one lookup settles
    // every record and every dead letter of the batch.
    const known = await index.existing([
      ...decoded.flatMap((d) => ('record' in d ? [d.record.auditId] : [])),
      ...batch.messages.map((message) => deadLetterAuditIdOf(message, this.consumerGroup())),
    ]);
    const fresh: AuditRecord[] = [];
    const freshLeaves: PreparedLeaf[] = [];
    const dead = new Map<string, DeadMessage>();
    // Each record is canonicalised and hashed once here; the writer appends that very leaf.
    const take = (record: AuditRecord, leaf: PreparedLeaf): 'new' | 'same' | 'other' => {
      const stored = known.get(record.auditId);
      if (stored === undefined) {
        known.set(record.auditId, leaf.leafHash);
        fresh.push(record);
        freshLeaves.push(leaf);
        return 'new';
      }
      return stored === leaf.leafHash ? 'same' : 'other';
    };
    const refuse = (
      message: IncomingMessage,
      code: string,
      reason: string,
      extra: Record<string, unknown>,
    ) => {
      const { letter, record } = deadLetterOf(message, this.consumerGroup(), { code, reason }, extra);
      if (take(record, prepareRecord(record)) === 'new') dead.set(record.auditId, { letter, record });
    };
    batch.messages.forEach((message, i) => {
      const d = decoded[i]!;
      if (!('record' in d)) return refuse(message, d.code, d.reason, {});
      const leaf = d.leaf;
      // A record under an audit id the log already holds is a duplicate when it is the same record; another record
      // under a taken id is refused, never silently dropped: dead-lettered and audited.
      if (take(d.record, leaf) === 'other')
        refuse(message, 'AUDIT_ID_REUSED', `audit id ${d.record.auditId} already names another record`, {
          auditId: d.record.auditId,
          leafHash: leaf.leafHash,
        });
    });
    const leaves = writer.appendPrepared(freshLeaves);
    const rows = leaves.map((leaf, i) => toIndexRow(fresh[i]!, leaf));
    const refused = [...dead.values()];
    if (refused.length > 0 && this.deps.deadLetter) await this.publishDeadLetters(refused);
    await index.append(rows);
    await this.deps.faultPoint?.('audit.index.afterJournal');
    for (const d of refused)
      logger.warn(
        {
          topic: d.letter.topic,
          partition: d.letter.partition,
          offset: d.letter.offset,
          reasonCode: d.letter.reasonCode,
          auditId: d.record.auditId,
        },
        'audit message refused: dead-lettered and audited',
      );
    // Signing and S3 off the append path: the cut due now runs while the next batch is sequenced, and that batch
    // settles it first. Only when twice a segment's worth of leaves waits (S3 slow or away) does a batch wait for
    // it, so the leaves held in memory stay bounded.
    const checkpoints = await this.settleCut();
    const cut = writer.checkpointIfDue();
    if (writer.size - writer.checkpointedSize >= 2 * this.deps.log.checkpointEvery.leaves)
      checkpoints.push(...(await cut));
    else {
      this.cutting = cut;
      // Settled (and its failure raised) by the next batch, tick or flush; a reader is told at once.
      cut.then((signed) => this.deps.onCheckpoints?.(signed)).catch(() => undefined);
    }
    this.logCheckpoints(checkpoints);
    return {
      appended: rows.length,
      duplicates: batch.messages.length - rows.length,
      deadLettered: refused.length,
      checkpoints,
    };
  }

  private decode(
    message: IncomingMessage,
  ): { record: AuditRecord; leaf: PreparedLeaf } | { code: string; reason: string } {
    try {
      if (!message.value) return { code: 'NO_VALUE', reason: 'the message has no value' };
      // avsc decodes into record class instances; the leaf is the canonical JSON of their JSON form, read from
      // the instances directly (no JSON round trip). The position is the audit service's to give: whatever a
      // producer put there is not part of the leaf (prepareLeaf leaves it out).
      const decoded = this.deps.codec.decodeAs('AuditRecord', message.value);
      return { record: decoded, leaf: prepareRecord(decoded) };
    } catch (err) {
      return { code: (err as { code?: string }).code ?? 'UNDECODABLE', reason: (err as Error).message };
    }
  }

  private async guard(work: () => Promise<SignedCheckpoint[]>): Promise<SignedCheckpoint[]> {
    try {
      const checkpoints = await work();
      this.logCheckpoints(checkpoints);
      return checkpoints;
    } catch (err) {
      this.dirty = true;
      throw err;
    }
  }

  private logCheckpoints(checkpoints: readonly SignedCheckpoint[]): void {
    if (checkpoints.length > 0) this.deps.onCheckpoints?.(checkpoints);
    for (const c of checkpoints)
      this.deps.logger.info({ size: c.size, rootHash: c.rootHash, kid: c.kid }, 'checkpoint signed');
  }

  private async recoverNow(): Promise<void> {
    const { index, logger } = this.deps;
    // A cut still writing belongs to the state being replaced: let it finish (or fail) before reading the store.
    await this.settleCut().catch(() => undefined);
    // Reads keep using the previous tree (a consistent, if older, view) until the new one is complete.
    const writer = await AuditLogWriter.recover(this.deps.log);
    const stored = writer.size;
    let indexed = await index.size();
    if (indexed < stored) {
      // The store is ahead of the index (a database restored from a backup, or a new one): refill it from the
      // segments, which hold every leaf's record.
      for (let from = indexed; from < stored; from += PAGE) {
        const leaves = await this.storedLeaves(from, Math.min(from + PAGE, stored));
        await index.append(
          leaves.map((leaf) => toIndexRow(JSON.parse(leaf.recordJson) as AuditRecord, leaf)),
        );
      }
      logger.warn({ from: indexed, to: stored }, 'index refilled from the stored segments');
      indexed = stored;
    }
    if (stored > 0) {
      const [boundary] = await index.range(stored - 1, 1);
      if (boundary?.leafHash !== writer.lastCheckpointedLeafHash)
        throw new AuditStateError(
          'AUDIT_INDEX_DIVERGED',
          `The index and the stored log disagree at leaf ${stored - 1}; run verify`,
        );
    }
    // Leaves durable in the index but not yet in a segment: append them again, in order; the writer checks that
    // each lands at its index with its hash.
    for (let from = stored; from < indexed; from += PAGE) {
      const rows: AuditIndexRow[] = await index.range(from, PAGE);
      try {
        writer.append(
          rows.map((row) => ({
            ...(JSON.parse(row.recordJson) as AuditRecordJson),
            position: { leafIndex: row.leafIndex, leafHash: row.leafHash },
          })),
        );
      } catch (err) {
        throw new AuditStateError(
          'AUDIT_INDEX_DIVERGED',
          `The index rows from leaf ${from} do not continue the stored log; run verify`,
          { cause: err },
        );
      }
    }
    this.writer = writer;
    this.dirty = false;
    logger.info({ checkpointed: stored, leaves: indexed }, 'audit log recovered');
  }

  /** The leaves the segments in the store hold for [from, to). */
  private async storedLeaves(from: number, to: number): Promise<SegmentLeaf[]> {
    const { blobStore, logId } = this.deps.log;
    const out: SegmentLeaf[] = [];
    for (const key of await blobStore.list(segmentPrefix(logId))) {
      const range = parseSegmentKey(logId, key);
      if (!range || range.end <= from || range.start >= to) continue;
      const bytes = await blobStore.get(key);
      for (const line of bytes ? decodeSegment(bytes) : []) {
        if (!line.ok)
          throw new AuditStateError('AUDIT_SEGMENT_UNREADABLE', `${key}: ${line.reason}; run verify`);
        if (line.leafIndex >= from && line.leafIndex < to) out.push(line);
      }
    }
    out.sort((a, b) => a.leafIndex - b.leafIndex);
    if (out.length !== to - from || out.some((leaf, i) => leaf.leafIndex !== from + i))
      throw new AuditStateError(
        'AUDIT_SEGMENT_UNREADABLE',
        `The segments do not hold leaves ${from} to ${to - 1}`,
      );
    return out;
  }

  private async publishDeadLetters(dead: readonly DeadMessage[]): Promise<void> {
    const { bus, topic } = this.deps.deadLetter!;
    await bus.publish(
      dead.map((d) => ({
        topic,
        key: d.letter.topic,
        value: this.deps.codec.encode('DeadLetter', d.letter),
        headers: deadLetterHeaders(d.letter.topic, d.letter.reasonCode),
      })),
    );
  }

  /** The consumer group dead letters are made for (the one the audit topic is read by). */
  private consumerGroup(): string {
    return this.deps.deadLetter?.groupId ?? 'audit';
  }

  private requireWriter(): AuditLogWriter {
    if (!this.writer) throw new AuditStateError('AUDIT_LOG_RECOVERING', 'The audit log is being recovered');
    return this.writer;
  }

  private async serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** A record's leaf (canonical JSON and RFC 6962 hash), read from avsc's record classes as their JSON form. */
function prepareRecord(record: AuditRecord): PreparedLeaf {
  return prepareLeaf(record as unknown as AuditRecordJson, { classInstances: true });
}
