import type { Server } from 'node:http';
import { createTokenVerifier, DEV_ISSUER, SERVICE_AUDIENCES } from '@sharehub/kit/auth';
import { listen } from '@sharehub/kit/http';
import { fixedClock } from '@sharehub/kit/testing';
import type { AuditRecord } from '@sharehub/schemas';
import { createAuditApp, type AuditAppDeps } from '../http/createAuditApp.js';
import { silentLogger } from './sequencerHarness.js';

/**
 * The IG app of the integration tests, listening on a free port: development tokens, a clock fixed at
 * 2026-05-01T09:00Z, pages of 50 (at most 100), and every audit record it writes of its own pushed to `written`.
 */
export async function listenIgTestApp(options: {
  /** The JWKS file (or URL) tokens are checked against. */
  jwks: string;
  index: AuditAppDeps['index'];
  log: AuditAppDeps['log'];
  checkpointKeys?: AuditAppDeps['checkpointKeys'];
  written: AuditRecord[];
  sequencingHealth?: AuditAppDeps['sequencingHealth'];
  indexBehind?: AuditAppDeps['indexBehind'];
}): Promise<{ server: Server; url: string }> {
  const app = createAuditApp({
    index: options.index,
    log: options.log,
    ...(options.checkpointKeys ? { checkpointKeys: options.checkpointKeys } : {}),
    ...(options.sequencingHealth ? { sequencingHealth: options.sequencingHealth } : {}),
    ...(options.indexBehind ? { indexBehind: options.indexBehind } : {}),
    verifier: createTokenVerifier({
      jwks: options.jwks,
      issuer: DEV_ISSUER,
      audience: SERVICE_AUDIENCES.audit,
    }),
    logger: silentLogger,
    clock: fixedClock('2026-05-01T09:00:00Z'),
    pageSize: { default: 50, max: 100 },
    auditAccess: async (record) => {
      options.written.push(record);
    },
  });
  return listen(app, 0, '127.0.0.1');
}

/** Signs in to the IG pages with a token; the session cookie (`name=value`), or the failed response's status. */
export async function signInCookie(url: string, token: string): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/ig' }).toString(),
  });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}
