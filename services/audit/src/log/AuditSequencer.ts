import { createHash } from 'node:crypto';
import type { Clock, EventBus, IncomingMessage, Logger, MessageBatch } from '@sharehub/kit';
import type { AuditRecord, Codec } from '@sharehub/schemas';
import { AuditStateError } from '../errors.js';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import { toIndexRow } from '../index/toIndexRow.js';
import type { AuditLogReader, CheckpointView } from './AuditLogReader.js';
import type { LeafLog } from './LeafLog.js';

/** What the sequencer is built from. */
export interface AuditSequencerDeps {
  readonly log: LeafLog;
  readonly index: AuditIndex;
  readonly codec: Pick<Codec, 'decodeAs' | 'encode'>;
  /** The record's canonical leaf bytes (RFC 8785 JSON without `position`). */
  readonly leafBytes: (record: AuditRecord) => Uint8Array;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
  /** Where undecodable audit messages go with their original bytes (besides their DEAD_LETTERED leaf). */
  readonly deadLetter?: { readonly bus: EventBus; readonly topic: string; readonly groupId: string };
}

/** What one batch did. */
export interface SequencedBatch {
  readonly appended: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  readonly checkpoint: CheckpointView | undefined;
}

const RECOVER_PAGE = 1000;
const decoder = new TextDecoder();

/**
 * Sequences AuditRecords into the Merkle log, exactly once per `auditId` (docs/adr/0060): a batch's new records
 * become leaves in memory, then rows of the index in one transaction (durable from here), then, every
 * `checkpointEvery` leaves or `checkpointIntervalMs`, a segment and a signed checkpoint in the blob store; the
 * consumer commits the batch's offsets only after all that resolved. Any failure marks the state dirty, and the
 * next batch first recovers it from the store and the index, so a retried batch never leaves a gap or a duplicate.
 * Batches, timer checkpoints and recovery run one at a time.
 */
export class AuditSequencer implements AuditLogReader {
  private queue: Promise<unknown> = Promise.resolve();
  private dirty = true;
  private oldestPendingAt: number | undefined;

  constructor(private readonly deps: AuditSequencerDeps) {}

  /** Rebuilds the log from the store and reconciles it with the index; runs before the first batch. */
  async recover(): Promise<void> {
    return this.serial(() => this.recoverNow());
  }

  /** Forgets the in-memory state: the next batch (or tick) first recovers from the store and the index. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Sequences one batch of `audit.record`; resolves once its leaves are durable (the offsets may then move). */
  async handleBatch(batch: MessageBatch): Promise<SequencedBatch> {
    return this.serial(async () => {
      if (this.dirty) await this.recoverNow();
      try {
        return await this.sequence(batch);
      } catch (err) {
        this.dirty = true;
        throw err;
      }
    });
  }

  /** Writes a checkpoint if leaves have waited `checkpointIntervalMs` (the timer calls this). */
  async tick(): Promise<CheckpointView | undefined> {
    return this.serial(async () => {
      if (this.dirty || this.oldestPendingAt === undefined) return undefined;
      if (this.deps.clock.now().getTime() - this.oldestPendingAt < this.deps.checkpointIntervalMs)
        return undefined;
      return this.checkpointNow();
    });
  }

  /** Checkpoints every leaf not yet in a checkpoint (graceful shutdown). */
  async flush(): Promise<CheckpointView | undefined> {
    return this.serial(async () => {
      if (this.dirty || this.deps.log.size() === this.deps.log.checkpointedSize()) return undefined;
      return this.checkpointNow();
    });
  }

  /** Leaves sequenced so far (all durable in the index). */
  size(): number {
    return this.deps.log.size();
  }

  async latestCheckpoint(): Promise<CheckpointView | undefined> {
    return this.deps.log.latestCheckpoint();
  }

  async checkpointOfSize(treeSize: number): Promise<CheckpointView | undefined> {
    return this.deps.log.checkpointOfSize(treeSize);
  }

  async inclusionProof(leafIndex: number, treeSize: number): Promise<string[]> {
    return this.serial(() => this.deps.log.inclusionProof(leafIndex, treeSize));
  }

  async consistencyProof(fromSize: number, toSize: number): Promise<string[]> {
    return this.serial(() => this.deps.log.consistencyProof(fromSize, toSize));
  }

  private async sequence(batch: MessageBatch): Promise<SequencedBatch> {
    const { log, index, logger } = this.deps;
    const records: AuditRecord[] = [];
    const dead: Array<{ message: IncomingMessage; record: AuditRecord; code: string; reason: string }> = [];
    for (const message of batch.messages) {
      try {
        if (!message.value) throw Object.assign(new Error('the message has no value'), { code: 'NO_VALUE' });
        records.push(this.deps.codec.decodeAs('AuditRecord', message.value));
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNDECODABLE';
        const record = deadLetteredRecord(message, code);
        records.push(record);
        dead.push({ message, record, code, reason: (err as Error).message });
      }
    }
    const known = await index.existing(records.map((r) => r.auditId));
    const rows: AuditIndexRow[] = [];
    let duplicates = 0;
    for (const record of records) {
      if (known.has(record.auditId)) {
        duplicates++;
        continue;
      }
      known.add(record.auditId);
      const bytes = this.deps.leafBytes(record);
      const { leafIndex, leafHash } = log.append(bytes);
      rows.push(toIndexRow(record, { leafIndex, leafHash, recordJson: decoder.decode(bytes) }));
    }
    const newDead = dead.filter((d) => rows.some((r) => r.auditId === d.record.auditId));
    if (newDead.length > 0 && this.deps.deadLetter) await this.publishDeadLetters(newDead);
    await index.append(rows);
    if (rows.length > 0) this.oldestPendingAt ??= this.deps.clock.now().getTime();
    for (const d of newDead)
      logger.warn(
        {
          topic: d.message.topic,
          partition: d.message.partition,
          offset: d.message.offset,
          reasonCode: d.code,
          auditId: d.record.auditId,
        },
        'undecodable audit message: dead-lettered and audited',
      );
    const checkpoint =
      log.size() - log.checkpointedSize() >= this.deps.checkpointEvery
        ? await this.checkpointNow()
        : undefined;
    return { appended: rows.length, duplicates, deadLettered: newDead.length, checkpoint };
  }

  private async checkpointNow(): Promise<CheckpointView> {
    try {
      const checkpoint = await this.deps.log.checkpoint();
      this.oldestPendingAt = undefined;
      this.deps.logger.info(
        { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash },
        'checkpoint signed',
      );
      return checkpoint;
    } catch (err) {
      this.dirty = true;
      throw err;
    }
  }

  private async recoverNow(): Promise<void> {
    const { log, index, logger } = this.deps;
    await log.recover();
    const stored = log.checkpointedSize();
    let indexed = await index.size();
    if (indexed < stored) {
      // The store is ahead of the index (an index restored from a backup, or a new database): refill it from
      // the segments, which hold every leaf's record.
      for (let from = indexed; from < stored; from += RECOVER_PAGE) {
        const leaves = await log.storedLeaves(from, Math.min(from + RECOVER_PAGE, stored));
        await index.append(
          leaves.map((bytes, i) => {
            const recordJson = decoder.decode(bytes);
            return toIndexRow(JSON.parse(recordJson) as AuditRecord, {
              leafIndex: from + i,
              leafHash: log.leafHash(from + i),
              recordJson,
            });
          }),
        );
      }
      logger.warn({ from: indexed, to: stored }, 'index refilled from the stored segments');
      indexed = stored;
    }
    if (stored > 0) {
      const [boundary] = await index.range(stored - 1, 1);
      if (boundary?.leafHash !== log.leafHash(stored - 1))
        throw new AuditStateError(
          'AUDIT_INDEX_DIVERGED',
          `the index and the stored log disagree at leaf ${stored - 1}; run verify`,
        );
    }
    // Leaves durable in the index but not yet in a segment: append them again, in order, checking each hash.
    for (let from = stored; from < indexed; from += RECOVER_PAGE) {
      for (const row of await index.range(from, RECOVER_PAGE)) {
        const { leafIndex, leafHash } = log.append(new TextEncoder().encode(row.recordJson));
        if (leafIndex !== row.leafIndex || leafHash !== row.leafHash)
          throw new AuditStateError(
            'AUDIT_INDEX_DIVERGED',
            `index row ${row.leafIndex} does not hash to its leaf hash; run verify`,
          );
      }
    }
    this.oldestPendingAt = indexed > stored ? this.deps.clock.now().getTime() : undefined;
    this.dirty = false;
    logger.info({ checkpointed: stored, leaves: indexed }, 'audit log recovered');
  }

  private async publishDeadLetters(
    dead: ReadonlyArray<{ message: IncomingMessage; record: AuditRecord; code: string; reason: string }>,
  ): Promise<void> {
    const { bus, topic, groupId } = this.deps.deadLetter!;
    await bus.publish(
      dead.map((d) => ({
        topic,
        key: d.message.topic,
        value: this.deps.codec.encode('DeadLetter', {
          deadLetterId: d.record.auditId,
          topic: d.message.topic,
          partition: d.message.partition,
          offset: Number(d.message.offset),
          key: d.message.key,
          // avsc writes `bytes` from a Buffer only.
          originalBytes: Buffer.from(d.message.value ?? new Uint8Array()),
          reasonCode: d.code,
          reason: d.reason,
          failedAt: d.record.occurredAt,
          consumerGroup: groupId,
        }),
      })),
    );
  }

  private async serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The DEAD_LETTERED leaf of an undecodable audit message: deterministic, so a replay makes the same leaf. */
function deadLetteredRecord(message: IncomingMessage, code: string): AuditRecord {
  const at = Number(message.timestamp);
  return {
    auditId: `dead-letter:${message.topic}:${message.partition}:${message.offset}`,
    kind: 'DEAD_LETTERED',
    occurredAt: new Date(Number.isFinite(at) ? at : 0).toISOString(),
    area: null,
    actor: 'audit',
    source: null,
    dataCategories: [],
    recipient: null,
    subjectPersonIds: [],
    lawfulBasis: null,
    consent: null,
    rulesFired: [],
    rulesEvaluated: null,
    ruleset: null,
    directory: null,
    historyEventIds: [],
    decision: null,
    shareKind: null,
    decisionId: null,
    notificationId: null,
    triageId: null,
    dueBy: null,
    reason: code,
    detail: JSON.stringify({
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      sha256: createHash('sha256')
        .update(message.value ?? new Uint8Array())
        .digest('hex'),
    }),
    position: null,
  };
}
