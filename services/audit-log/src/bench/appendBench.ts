// `npm run bench -w @sharehub/audit-log [-- LEAVES]`: leaves appended per second by the writer (canonical JSON,
// RFC 6962 hashing, tree update, segment serialisation and checkpoint signing, into the in-memory blob store),
// then how long a restart takes (`AuditLogWriter.recover`: from the frontier state, and from every segment as a log
// without it is read), then how fast `verifyLog` reads them back. Records are generated as they are appended, so
// millions fit in memory (the segments in the in-memory store are most of it).
import { AuditLogWriter, type AuditLogWriterOptions } from '../AuditLogWriter.js';
import { frontierStateKey } from '../frontierState.js';
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
const options: AuditLogWriterOptions = {
  logId: 'bench',
  blobStore,
  clock: { now: () => new Date() },
  signingKey: { kid: key.kid, privateKey: key.privateJwk },
  checkpointEvery: { leaves: checkpointEvery, seconds: 3600 },
};
const writer = await AuditLogWriter.recover(options);
const record0 = sampleAuditRecord(0);

let started = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < leaves; i += batch) {
  writer.append(Array.from({ length: Math.min(batch, leaves - i) }, (_, j) => sampleAuditRecord(i + j)));
  await writer.checkpointIfDue();
}
await writer.flush();
const writeSeconds = (performance.now() - started) / 1000;
const writeCpu = process.cpuUsage(cpu);

started = performance.now();
await AuditLogWriter.recover(options);
const restartFromFrontierSeconds = (performance.now() - started) / 1000;
const state = (await blobStore.get(frontierStateKey('bench')))!;
blobStore.remove(frontierStateKey('bench'));
started = performance.now();
await AuditLogWriter.recover(options);
const restartFromSegmentsSeconds = (performance.now() - started) / 1000;
await blobStore.put(frontierStateKey('bench'), state);

const digests = Array.from({ length: leaves }, () => leafHash(new TextEncoder().encode('x')));
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
      recordBytes: new TextEncoder().encode(JSON.stringify(record0)).length,
      appendPerSecond: rate(leaves, writeSeconds),
      appendCpuMicrosPerLeaf: Number(((writeCpu.user + writeCpu.system) / leaves).toFixed(1)),
      restartFromFrontierMs: Number((restartFromFrontierSeconds * 1000).toFixed(1)),
      restartFromEverySegmentMs: Number((restartFromSegmentsSeconds * 1000).toFixed(1)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      treeAppendOnlyPerSecond: rate(leaves, treeSeconds),
      verifyPerSecond: rate(leaves, verifySeconds),
      verifyOk: report.ok,
    },
    null,
    2,
  ),
);
