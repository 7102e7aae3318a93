import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@sharehub/kit';
import {
  createTokenVerifier,
  SERVICE_AUDIENCES,
  DEV_ISSUER,
  ensureDevKeys,
  signDevToken,
} from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { fixedClock, InMemoryBlobStore, InMemoryEventBus } from '@sharehub/kit/testing';
import { createAuditApp } from './http/createAuditApp.js';
import { InMemoryAuditIndex } from './index/InMemoryAuditIndex.js';
import { AuditLogReadModel } from './log/AuditLogReadModel.js';
import { AuditSequencer } from './log/AuditSequencer.js';
import { makeAuditRecord } from './testing/makeAuditRecord.js';
import { auditBatch, testCodec, testSigningKey } from './testing/sequencerHarness.js';

// Logs are facts about messages and requests, never their contents (docs/style.md, section 6): no person ids, free text, rules.
describe('the audit service logs', () => {
  it('hold no record contents, person ids or free text, whatever is sequenced, searched or refused', async () => {
    let output = '';
    const logger = createLogger('audit', {
      level: 'debug',
      destination: new Writable({
        write: (chunk: Buffer, _enc, done) => {
          output += chunk.toString('utf8');
          done();
        },
      }),
    });
    const secrets = ['Jane-Doe-free-text', 'person-SECRET-42', 'officer narrative', 'Trafford 3.1(a) secret'];
    const signing = await testSigningKey();
    const index = new InMemoryAuditIndex();
    const blobs = new InMemoryBlobStore();
    const sequencer = new AuditSequencer({
      log: {
        logId: 'audit',
        blobStore: blobs,
        clock: fixedClock('2026-03-15T00:00:00Z'),
        signingKey: { kid: signing.kid, privateKey: signing.privateJwk },
        checkpointEvery: { leaves: 2, seconds: 1 },
      },
      index,
      codec: testCodec,
      logger,
      deadLetter: { bus: new InMemoryEventBus(1), topic: 'deadletter', groupId: 'audit' },
    });
    const record = makeAuditRecord({
      subjectPersonIds: [secrets[1]!],
      reason: secrets[0]!,
      detail: JSON.stringify({ summary: secrets[2] }),
      rulesFired: [{ ruleId: 'T1', text: secrets[0]!, citation: secrets[3]! }],
    });
    const batch = auditBatch([record, makeAuditRecord()]);
    await sequencer.handleBatch({
      ...batch,
      messages: [
        ...batch.messages,
        { ...batch.messages[0]!, offset: '2', value: new TextEncoder().encode(secrets[0]) },
      ],
    });
    await sequencer.flush();

    const keysDir = mkdtempSync(join(tmpdir(), 'audit-keys-'));
    const { jwks } = await ensureDevKeys(keysDir);
    const app = createAuditApp({
      index,
      log: new AuditLogReadModel({ logId: 'audit', blobStore: blobs, index }),
      verifier: createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.audit }),
      logger,
      clock: fixedClock('2026-05-01T00:00:00Z'),
      pageSize: { default: 50, max: 100 },
      auditAccess: async () => undefined,
    });
    const { server, url } = await listen(app, 0, '127.0.0.1');
    const auditor = await signDevToken(keysDir, {
      role: 'auditor',
      org: 'ig',
      areas: [],
      audience: SERVICE_AUDIENCES.audit,
    });
    const recipient = await signDevToken(keysDir, {
      role: 'recipient',
      org: 'team',
      areas: [],
      audience: SERVICE_AUDIENCES.audit,
    });
    for (const [path, token] of [
      [`/v1/audit/subject-access/${secrets[1]}?format=csv`, auditor],
      [`/v1/audit/records?subject=${secrets[1]}`, auditor],
      [`/v1/audit/records?subject=${secrets[1]}`, recipient],
      [`/v1/audit/records/${record.auditId}`, auditor],
    ] as const)
      await (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
    await closeServer(server);

    expect(output).toContain('checkpoint signed');
    expect(output).toContain('audit message refused');
    expect(output).toContain('"route":"/v1/audit/subject-access/:personId"');
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
