import { describe, expect, it } from 'vitest';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { auditBatch, makeSequencer } from '../testing/sequencerHarness.js';
import { verifyAudit } from './verifyAudit.js';

const SEGMENT = 'segments/audit/000000000000-000000000005.jsonl';

async function sequenced() {
  const blobs = new InMemoryBlobStore();
  const index = new InMemoryAuditIndex();
  const { sequencer, publicKeys } = await makeSequencer({ blobs, index, checkpointEvery: 5 });
  const records = Array.from({ length: 8 }, (_, i) => makeAuditRecord({ auditId: `v-${i}` }));
  await sequencer.handleBatch(auditBatch(records));
  await sequencer.flush();
  const progress: string[] = [];
  const verify = () =>
    verifyAudit({ logId: 'audit', blobs, index, publicKeys, progress: (line) => progress.push(line) });
  return { blobs, index, verify, progress };
}

/** Rewrites line `n` (0-based) of a segment with `edit`. */
function editLines(bytes: Uint8Array, edit: (lines: string[]) => string[]): Uint8Array {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  const last = lines.pop()!; // '' after the final newline
  return new TextEncoder().encode([...edit(lines), last].join('\n'));
}

describe('verifyAudit on fakes', () => {
  it('passes an untouched log and index, with progress', async () => {
    const { verify, progress } = await sequenced();
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, size: 8, checkpointsChecked: 2, indexRows: 8 });
    expect(progress.at(-1)).toMatch(/^done: 8 leaves, 2 checkpoints, 8 index rows/);
  });

  it('names the leaf of one flipped byte in a segment', async () => {
    const { blobs, verify } = await sequenced();
    const text = Buffer.from((await blobs.get(SEGMENT))!).toString('utf8');
    const at = text.indexOf('"auditId":"v-3"') + '"auditId":"v-'.length;
    blobs.tamper(SEGMENT, (bytes) => {
      bytes[at] = bytes[at]! ^ 0x01;
      return bytes;
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(3);
  });

  it('names the leaf of a deleted record, and of two records swapped', async () => {
    const deleted = await sequenced();
    deleted.blobs.tamper(SEGMENT, (bytes) => editLines(bytes, (lines) => lines.filter((_, i) => i !== 2)));
    expect((await deleted.verify()).firstBadLeaf).toBe(2);
    const swapped = await sequenced();
    swapped.blobs.tamper(SEGMENT, (bytes) =>
      editLines(bytes, (lines) => [lines[0]!, lines[3]!, lines[2]!, lines[1]!, lines[4]!]),
    );
    const report = await swapped.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(1);
  });

  it('names the leaf of an edited index row, whether its record or only a searchable column changed', async () => {
    const record = await sequenced();
    record.index.tamper(6, (row) => ({
      ...row,
      recordJson: row.recordJson.replace('SHARE_SENT', 'NOT_SHARED'),
    }));
    expect((await record.verify()).firstBadLeaf).toBe(6);
    const column = await sequenced();
    column.index.tamper(4, (row) => ({ ...row, teamId: 'someone-else' }));
    const report = await column.verify();
    expect(report).toMatchObject({ ok: false, firstBadLeaf: 4 });
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'INDEX_COLUMN_MISMATCH', leafIndex: 4 }),
    ]);
  });

  it('finds a checkpoint signed by an unknown key', async () => {
    const { blobs, index } = await sequenced();
    const { publicKeys: otherKeys } = { publicKeys: { keys: [] } };
    const report = await verifyAudit({ logId: 'audit', blobs, index, publicKeys: otherKeys });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toContain('CHECKPOINT_KEY_UNKNOWN');
  });
});
