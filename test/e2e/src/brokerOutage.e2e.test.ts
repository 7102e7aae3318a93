import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@sharehub/contracts';
import { createLogger } from '@sharehub/kit';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { waitFor } from '@sharehub/kit/testing';
import { createCodec, type IncidentRecorded } from '@sharehub/schemas';
import {
  spawnService,
  startDedicatedBroker,
  type DedicatedBroker,
  type ServiceProcess,
} from '@sharehub/test-support';
import { uniqueIncident } from './pipelineScenarios.js';

// The broker is stopped here, so this test runs on a dedicated local broker of its own, never the shared one.
let broker: DedicatedBroker;
let gateway: ServiceProcess;
let url: string;
let token: string;
beforeAll(async () => {
  broker = await startDedicatedBroker(29092);
  const keys = mkdtempSync(join(tmpdir(), 'outage-keys-'));
  const { jwks } = await ensureDevKeys(keys);
  token = await signDevToken(keys, { role: 'publisher', org: 'GMP', areas: ['trafford'] });
  gateway = await spawnService('gateway', {
    KAFKA_BROKERS: broker.brokers.join(','),
    AUTH_JWKS: jwks,
    GATEWAY_PORT: '0',
    GATEWAY_PUBLISH_TIMEOUT_MS: '3000',
    GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'outage-gateway-')),
  });
  url = String(gateway.lines.find((l) => l.msg === 'gateway listening')?.url);
});
afterAll(async () => {
  await gateway?.stop('SIGTERM');
  await broker?.destroy();
});

const post = (body: IncidentRecorded) =>
  fetch(`${url}/v1/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

describe('broker outage', () => {
  it('answers 503 and acknowledges nothing while the broker is down; afterwards publishing resumes and nothing acknowledged is missing', async () => {
    const before = Array.from({ length: 5 }, () => uniqueIncident());
    for (const i of before) expect((await post(i)).status).toBe(202);

    await broker.stop();
    const during = Array.from({ length: 3 }, () => uniqueIncident());
    for (const i of during) {
      const res = await post(i);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('OUTCOME_UNKNOWN');
    }
    const health = await fetch(`${url}/readyz`);
    expect(health.status).toBe(503);

    await broker.start();
    // The publisher retries the refused events with the same eventIds, as the 503 told it to.
    for (const i of during) {
      let status = 0;
      await waitFor(
        async () => (status = (await post(i)).status) === 202,
        `retry of ${i.eventId} accepted (last ${status})`,
        90_000,
        1000,
      );
    }
    const after = uniqueIncident();
    expect((await post(after)).status).toBe(202);

    const codec = createCodec();
    const seen = new Set<string>();
    const bus = new KafkaEventBus({
      brokers: broker.brokers,
      clientId: 'outage-reader',
      logger: createLogger('outage', { level: 'error' }),
    });
    const sub = await bus.consume(
      { groupId: `outage-${randomUUID()}`, topics: [TOPICS.incidentRecorded] },
      async (batch) => {
        for (const m of batch.messages) seen.add((codec.decode(m.value!).value as IncidentRecorded).eventId);
      },
    );
    const acknowledged = [...before, ...during, after].map((i) => i.eventId);
    await waitFor(
      () => acknowledged.every((id) => seen.has(id)),
      'every acknowledged incident on the topic',
      60_000,
    );
    await sub.stop();
    await bus.close();
  });
});
