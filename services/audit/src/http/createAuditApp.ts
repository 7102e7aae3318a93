import { randomUUID } from 'node:crypto';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import {
  callerOf,
  createHttpApp,
  finishHttpApp,
  NotFoundError,
  requireRole,
  type Caller,
  type Clock,
  type Logger,
  type TokenVerifier,
} from '@sharehub/kit';
import { newAuditRecord, type AuditRecord } from '@sharehub/schemas';
import { AuditQueryError } from '../errors.js';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import type { AuditLogReader } from '../log/AuditLogReader.js';
import { subjectAccessCsv } from '../export/subjectAccessCsv.js';
import { subjectAccessReport } from '../export/subjectAccessReport.js';
import { encodeCursor } from './pageCursor.js';
import { parseSearchQuery } from './parseSearchQuery.js';

/** What the IG API is built from (adapters are passed in; see main.ts). */
export interface AuditAppDeps {
  readonly index: AuditIndex;
  readonly log: AuditLogReader;
  /** The public JWKS checkpoints are signed under (every key ever used, for rotation). */
  readonly checkpointKeys?: { readonly keys: readonly unknown[] };
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly pageSize: { readonly default: number; readonly max: number };
  /** Readiness: the log is recovered and the broker answers. */
  readonly ready?: () => Promise<boolean>;
  /**
   * Audits a refused access (DOMAIN.md 8): called with the ACCESS_REFUSED record of each authenticated caller
   * refused for lacking the auditor role, before the 403 is sent (main publishes it to `audit.record`).
   */
  readonly auditRefusal?: (record: AuditRecord) => Promise<void>;
}

/** A record as the API returns it: the AuditRecord with its position in the log. */
export type PositionedRecord = AuditRecord & { position: { leafIndex: number; leafHash: string } };

const SUBJECT_PAGE = 500;

/**
 * The IG API, for auditors only (any other role is refused with 403): search, one record with its inclusion
 * proof against the latest signed checkpoint, consistency proofs between checkpoints, the latest checkpoint, and
 * the subject access export as JSON or CSV.
 */
export function createAuditApp(deps: AuditAppDeps): Express {
  const { app } = createHttpApp({
    service: 'audit',
    logger: deps.logger,
    ...(deps.ready ? { ready: deps.ready } : {}),
  });
  const auditRefusal: RequestHandler = (req, res, next) => {
    const caller = callerOf(res);
    if (caller.roles.includes('auditor') || !deps.auditRefusal) return next();
    deps
      .auditRefusal(
        accessRefusedRecord(
          caller,
          (req.route as { path?: string } | undefined)?.path ?? req.path,
          deps.clock,
        ),
      )
      .catch((err: unknown) => deps.logger.error({ err }, 'the refused access could not be audited'))
      .finally(() => next());
  };
  const auditorOnly = [deps.verifier.authenticate, auditRefusal, requireRole('auditor')];
  const route = (path: string, handler: (req: Request, res: Response) => Promise<void>) =>
    app.get(path, ...auditorOnly, ((req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(next);
    }) as RequestHandler);

  route('/v1/audit/records', async (req, res) => {
    const query = parseSearchQuery(req.query, deps.pageSize);
    const page = await deps.index.search(query);
    const last = page.rows.at(-1);
    res.json({
      records: page.rows.map(positioned),
      nextCursor: page.more && last ? encodeCursor(last.leafIndex) : null,
    });
  });

  route('/v1/audit/records/:auditId', async (req, res) => {
    const row = await deps.index.get(String(req.params.auditId));
    if (!row) throw new NotFoundError('AUDIT_RECORD_NOT_FOUND', 'No audit record has that id');
    const checkpoint = await deps.log.latestCheckpoint();
    const inCheckpoint = checkpoint !== undefined && row.leafIndex < checkpoint.size;
    res.json({
      record: positioned(row),
      checkpoint: checkpoint ?? null,
      inclusionProof: inCheckpoint
        ? {
            leafIndex: row.leafIndex,
            treeSize: checkpoint.size,
            leafHash: row.leafHash,
            auditPath: await deps.log.inclusionProof(row.leafIndex, checkpoint.size),
          }
        : null,
      ...(inCheckpoint ? {} : { pending: 'the record is not yet in a signed checkpoint; ask again shortly' }),
    });
  });

  route('/v1/audit/checkpoints/latest', async (_req, res) => {
    const checkpoint = await deps.log.latestCheckpoint();
    if (!checkpoint) throw new NotFoundError('CHECKPOINT_NOT_FOUND', 'No checkpoint has been signed yet');
    res.json(checkpoint);
  });

  route('/v1/audit/checkpoints/keys', async (_req, res) => {
    res.json(deps.checkpointKeys ?? { keys: [] });
  });

  route('/v1/audit/consistency', async (req, res) => {
    const latest = await deps.log.latestCheckpoint();
    const from = sizeParam(req.query.from, 'from');
    const to = req.query.to === undefined && latest ? latest.size : sizeParam(req.query.to, 'to');
    if (from > to)
      throw new AuditQueryError([{ path: 'from', code: 'INVALID', message: 'must not exceed to' }]);
    const [fromCp, toCp] = await Promise.all([
      deps.log.checkpointOfSize(from),
      deps.log.checkpointOfSize(to),
    ]);
    if (!fromCp || !toCp)
      throw new NotFoundError(
        'CHECKPOINT_NOT_FOUND',
        `No signed checkpoint has tree size ${!fromCp ? from : to}; consistency is proved between checkpoints`,
      );
    res.json({ from: fromCp, to: toCp, proof: await deps.log.consistencyProof(from, to) });
  });

  route('/v1/audit/subject-access/:personId', async (req, res) => {
    const personId = String(req.params.personId);
    const format = req.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new AuditQueryError([{ path: 'format', code: 'INVALID', message: 'must be json or csv' }]);
    const logSize = await deps.index.size();
    const rows: AuditIndexRow[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await deps.index.search({
        subjectPersonId: personId,
        limit: SUBJECT_PAGE,
        ...(after === undefined ? {} : { afterLeafIndex: after }),
      });
      rows.push(...page.rows.filter((r) => r.leafIndex < logSize));
      if (!page.more) break;
      after = page.rows.at(-1)!.leafIndex;
    }
    const generatedAt = deps.clock.now().toISOString();
    const report = subjectAccessReport(personId, rows, { generatedAt, logSize });
    const filename = `subject-access-${personId.replace(/[^\w.-]/g, '_').slice(0, 80)}-${generatedAt.slice(0, 10)}`;
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`)
        .send(subjectAccessCsv(report));
    } else {
      res.setHeader('Content-Disposition', `inline; filename="${filename}.json"`);
      res.json(report);
    }
  });

  return finishHttpApp(app, deps.logger);
}

/** The ACCESS_REFUSED record of a caller refused the IG API: who (subject and org), which route, when. */
function accessRefusedRecord(caller: Caller, route: string, clock: Clock): AuditRecord {
  return newAuditRecord({
    auditId: randomUUID(),
    kind: 'ACCESS_REFUSED',
    occurredAt: clock.now().toISOString(),
    actor: caller.subject,
    reason: 'ROLE_REQUIRED',
    detail: JSON.stringify({ service: 'audit', route, org: caller.org, roles: caller.roles }),
  });
}

function positioned(row: AuditIndexRow): PositionedRecord {
  return {
    ...(JSON.parse(row.recordJson) as AuditRecord),
    position: { leafIndex: row.leafIndex, leafHash: row.leafHash },
  };
}

function sizeParam(value: unknown, name: string): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw new AuditQueryError([{ path: name, code: 'INVALID', message: 'must be a tree size of 1 or more' }]);
  return Number(value);
}
