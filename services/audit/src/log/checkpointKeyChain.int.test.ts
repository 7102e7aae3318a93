import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, generateSigningKey, type SigningKey } from '@sharehub/audit-log';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import type { JWK } from 'jose';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { auditBatch, makeSequencer } from '../testing/sequencerHarness.js';
import { verifyAudit } from '../verify/verifyAudit.js';
import { checkSigningKey, keepKey, publicOf, trustedCheckpointKeys } from './checkpointKeyChain.js';
import { rotateSigningKey } from './rotateSigningKey.js';

const records = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => makeAuditRecord({ auditId: `r-${from + i}` }));

/** An audit service's start on a log: check its key against the bucket, then sequence `batch` (checkpoint every 3). */
async function runService(
  blobs: InMemoryBlobStore,
  index: InMemoryAuditIndex,
  signing: SigningKey,
  trusted: JWK[],
  batch: { from: number; n: number },
) {
  await checkSigningKey(blobs, 'audit', signing, trusted);
  const { sequencer } = await makeSequencer({ blobs, index, checkpointEvery: 3, signing });
  await sequencer.handleBatch(auditBatch(records(batch.from, batch.n), batch.from));
  await sequencer.tick(); // the cut due after the batch is written off the append path; the timer settles it
}

describe('the chain of checkpoint keys', () => {
  it('a second audit service with another key refuses to append to an existing log, naming the key that signed it', async () => {
    const blobs = new InMemoryBlobStore();
    const first = await generateSigningKey();
    await runService(blobs, new InMemoryAuditIndex(), first, [first.publicJwk], { from: 0, n: 3 });
    const second = await generateSigningKey();
    const refusal = checkSigningKey(blobs, 'audit', second, [second.publicJwk]);
    await expect(refusal).rejects.toMatchObject({ code: 'AUDIT_SIGNING_KEY_UNTRUSTED' });
    await expect(refusal).rejects.toThrow(first.kid);
    // Trusting the first key is not enough either: the second key was never introduced by it.
    await expect(
      checkSigningKey(blobs, 'audit', second, [first.publicJwk, second.publicJwk]),
    ).rejects.toThrow(/never introduced/);
    expect(await blobs.list('checkpoints/audit/')).toHaveLength(1);
  });

  it('rotates the key without orphaning a checkpoint: verify, trusting only the first key, passes over both', async () => {
    const blobs = new InMemoryBlobStore();
    const index = new InMemoryAuditIndex();
    const first = await generateSigningKey();
    await runService(blobs, index, first, [first.publicJwk], { from: 0, n: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'audit-rotate-'));
    const privatePath = join(dir, 'signing.jwk.json');
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(privatePath, JSON.stringify(first.privateJwk));
    writeFileSync(jwksPath, JSON.stringify({ keys: [first.publicJwk] }));
    const rotated = await rotateSigningKey({ blobs, logId: 'audit', current: first, privatePath, jwksPath });
    expect(rotated.from).toBe(first.kid);
    const privateJwk = JSON.parse(readFileSync(privatePath, 'utf8')) as JWK;
    const second: SigningKey = { kid: rotated.to, privateJwk, publicJwk: publicOf(privateJwk) };
    const jwks = JSON.parse(readFileSync(jwksPath, 'utf8')) as { keys: JWK[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([first.kid, second.kid]);
    await runService(blobs, index, second, jwks.keys, { from: 3, n: 3 });
    const kids = await Promise.all(
      (await blobs.list('checkpoints/audit/')).map(async (key) =>
        decodeCheckpoint(new TextDecoder().decode(await blobs.get(key))),
      ),
    );
    expect(kids.map((c) => [c.size, c.kid])).toEqual([
      [3, first.kid],
      [6, second.kid],
    ]);
    const publicKeys = await trustedCheckpointKeys(blobs, 'audit', [first.publicJwk]);
    const report = await verifyAudit({ logId: 'audit', blobs, publicKeys, index });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, size: 6, checkpointsChecked: 2 });
    // Without the chain, the new key's checkpoint is unknown: this is what the chain is for.
    const bare = await verifyAudit({ logId: 'audit', blobs, publicKeys: { keys: [first.publicJwk] } });
    expect(bare.problems.map((p) => p.code)).toContain('CHECKPOINT_KEY_UNKNOWN');
  });

  it('trusts no key a trusted key did not introduce (a key that introduces itself is not trusted)', async () => {
    const blobs = new InMemoryBlobStore();
    const first = await generateSigningKey();
    const stranger = await generateSigningKey();
    await keepKey(blobs, 'audit', first.publicJwk, first);
    await keepKey(blobs, 'audit', stranger.publicJwk, stranger);
    const { keys } = await trustedCheckpointKeys(blobs, 'audit', [first.publicJwk]);
    expect(keys.map((k) => k.kid)).toEqual([first.kid]);
  });
});
