// `npm run bench -w @sharehub/audit-log [-- LEAVES]`: leaves appended per second by the writer (canonical JSON,
// RFC 6962 hashing, tree update, segment serialisation and checkpoint signing, into the in-memory blob store),
// then how fast `verifyLog` reads them back.
import { AuditLogWriter } from '../AuditLogWriter.js';
import { generateSigningKey } from '../checkpoint.js';
import { MerkleLog } from '../merkle/MerkleLog.js';
import { leafHash } from '../merkle/leafHash.js';
import { InMemoryBlobStore } from '../testing/InMemoryBlobStore.js';
import { sampleAuditRecord } from '../testing/sampleAuditRecord.js';
import { verifyLog } from '../verifyLog.js';

const leaves = Number(process.argv[2] ?? 200_000);
const batch = 500;
const checkpointEvery = 10_000;

const key = await generateSigningKey();
const blobStore = new InMemoryBlobStore();
const writer = await AuditLogWriter.recover({
  logId: 'bench',
  blobStore,
  clock: { now: () => new Date() },
  signingKey: { kid: key.kid, privateKey: key.privateJwk },
  checkpointEvery: { leaves: checkpointEvery, seconds: 3600 },
});
const records = Array.from({ length: leaves }, (_, i) => sampleAuditRecord(i));

let started = performance.now();
for (let i = 0; i < leaves; i += batch) {
  writer.append(records.slice(i, i + batch));
  await writer.checkpointIfDue();
}
await writer.flush();
const writeSeconds = (performance.now() - started) / 1000;

const digests = records.map(() => leafHash(new TextEncoder().encode('x')));
started = performance.now();
const tree = new MerkleLog();
for (const digest of digests) tree.append(digest);
const treeSeconds = (performance.now() - started) / 1000;

started = performance.now();
const report = await verifyLog(blobStore, { keys: [key.publicJwk] }, { logId: 'bench' });
const verifySeconds = (performance.now() - started) / 1000;

const rate = (n: number, seconds: number): string => Math.round(n / seconds).toLocaleString('en-GB');
console.log(
  JSON.stringify(
    {
      leaves,
      segments: Math.ceil(leaves / checkpointEvery),
      recordBytes: Math.round(writer.size && new TextEncoder().encode(JSON.stringify(records[0])).length),
      appendPerSecond: rate(leaves, writeSeconds),
      treeAppendOnlyPerSecond: rate(leaves, treeSeconds),
      verifyPerSecond: rate(leaves, verifySeconds),
      verifyOk: report.ok,
    },
    null,
    2,
  ),
);
