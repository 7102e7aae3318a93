import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAreaRegistry } from '@sharehub/decision-core';
import { CHECKOUT_ROOT, createLogger } from '@sharehub/kit';
import { createTokenVerifier, SERVICE_AUDIENCES, DEV_ISSUER, ensureDevKeys } from '@sharehub/kit/auth';
import { fixedClock, InMemoryEventBus } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { createInbox } from '../createInbox.js';
import { inboxTopics } from '../events/inboxTopics.js';
import { InMemoryInboxStore } from '../testing/InMemoryInboxStore.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

// Every route of the inbox's JSON API, read from the app itself, is in contracts/openapi.yaml with its 401 and 403.
describe('contracts/openapi.yaml', () => {
  it('documents every route of the inbox API, with the method, the 401 and the audited 403', async () => {
    const { jwks } = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'keys-')));
    const { app } = createInbox({
      store: new InMemoryInboxStore(),
      bus: new InMemoryEventBus(),
      codec: createCodec(),
      clock: fixedClock('2026-03-15T09:00:00Z'),
      logger: createLogger('inbox', { destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
      verifier: createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.inbox }),
      areaOf: createAreaRegistry(),
      topics: inboxTopics(),
      groupId: 'g',
      triageTeams: {},
      intervals: { escalationMs: 1000, outboxMs: 1000, streamPollMs: 1000 },
      pageSize: { default: 50, max: 200 },
      auditUrl: 'http://127.0.0.1:8082',
    });
    const routes = (app.router as unknown as { stack: Layer[] }).stack
      .flatMap((l) => (l.route ? [l.route] : []))
      .filter((r) => r.path.startsWith('/v1/inbox'));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    const doc = parse(readFileSync(join(CHECKOUT_ROOT, 'contracts', 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      for (const method of Object.keys(route.methods)) {
        const op = doc.paths[path]?.[method];
        expect(op, `${method} ${path}`).toBeDefined();
        expect(Object.keys(op!.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    }
  });
});
