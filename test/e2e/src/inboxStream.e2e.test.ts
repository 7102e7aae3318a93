import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionInfra } from '@sharehub/infra';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { spawnService, testServers, type ServiceProcess } from '@sharehub/test-support';

let inbox: ServiceProcess;
let url: string;
let keys: string;

beforeAll(async () => {
  const servers = testServers();
  const prefix = `stream-${randomUUID().slice(0, 8)}.`;
  await provisionInfra({ brokers: servers.kafkaBrokers, topicPrefix: prefix });
  keys = mkdtempSync(join(tmpdir(), 'stream-keys-'));
  const { jwks } = await ensureDevKeys(keys);
  inbox = await spawnService('inbox', {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    TOPIC_PREFIX: prefix,
    INBOX_PORT: '0',
    INBOX_GROUP_ID: `inbox-${prefix}`,
    INBOX_DATA_DIR: mkdtempSync(join(tmpdir(), 'stream-inbox-')),
    INBOX_STREAM_POLL_MS: '200',
    AUTH_JWKS: jwks,
    LOG_LEVEL: 'info',
  });
  url = String(inbox.lines.find((l) => l.msg === 'inbox listening')?.url);
});
afterAll(async () => {
  await inbox?.stop('SIGTERM');
});

describe('the inbox live stream, as a process', () => {
  it('ends a stream when its token expires, and the expired token cannot open another', async () => {
    const token = await signDevToken(keys, {
      role: 'recipient',
      org: 'tr-hv-central',
      areas: ['trafford'],
      expiresIn: '3s',
    });
    const opened = Date.now();
    const res = await fetch(`${url}/v1/inbox/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text(); // resolves only once the inbox ends the stream
    expect(text).toContain('the token has expired');
    expect(Date.now() - opened).toBeLessThan(15_000);
    const again = await fetch(`${url}/v1/inbox/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('TOKEN_EXPIRED');
  });
});
