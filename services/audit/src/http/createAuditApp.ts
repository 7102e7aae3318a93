import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { NotFoundError } from '@sharehub/kit';
import { callerOf, requireRole } from '@sharehub/kit/auth';
import { createHttpApp, finishHttpApp } from '@sharehub/kit/http';
import type { AuditRecord } from '@sharehub/schemas';
import { AuditQueryError } from '../errors.js';
import type { AuditIndexRow } from '../index/AuditIndex.js';
import type { SequencingHealth } from '../startSequencing.js';
import { mountIgPages } from '../web/mountIgPages.js';
import type { AuditAppDeps } from './AuditAppDeps.js';
import { auditGrantedAccess } from './auditGrantedAccess.js';
import { auditRefusedAccess } from './auditRefusedAccess.js';
import { mountDeadLetterApi } from './mountDeadLetterApi.js';
import { mountDeadLetterPages } from '../web/mountDeadLetterPages.js';
import { readRecordWithProof } from './readRecordWithProof.js';
import { searchRecords } from './searchRecords.js';
import { sendSubjectAccess } from './sendSubjectAccess.js';

export type { AuditAppDeps };

/** A record as the API returns it: the AuditRecord with its position in the log. */
export type PositionedRecord = AuditRecord & { position: { leafIndex: number; leafHash: string } };

/**
 * The IG API, for auditors only (any other role is refused with 403): search, one record with its inclusion
 * proof against the latest signed checkpoint, consistency proofs between checkpoints, the latest checkpoint, and
 * the subject access export as JSON or CSV; and the same for people, as the IG web pages under `/ig`. An auditor
 * sees only the records of the areas in their token (and the hub's own records of no area); every read of records
 * is itself audited (ACCESS_GRANTED). Checkpoints, keys and consistency proofs hold no personal data and are whole.
 */
export function createAuditApp(deps: AuditAppDeps): Express {
  const { app } = createHttpApp({
    service: 'audit',
    logger: deps.logger,
    ...(deps.ready ? { ready: deps.ready } : {}),
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
    ...(deps.consumers ? { consumers: deps.consumers } : {}),
    ...(deps.authFailures ? { authFailures: deps.authFailures } : {}),
    gauges: [
      ...sequencingGauges(deps.sequencingHealth),
      {
        name: 'index_waiting_rows',
        help: 'index rows durable in the journal, waiting to be written into the searchable table (docs/adr/0063)',
        value: () => deps.indexBehind?.().rows ?? 0,
      },
      {
        name: 'index_lag_seconds',
        help: "how long the oldest waiting index row has waited: how far another process's search lags",
        value: () => (deps.indexBehind?.().ms ?? 0) / 1000,
      },
    ],
  });
  const auditRefusal = auditRefusedAccess({
    audit: deps.auditAccess,
    clock: deps.clock,
    logger: deps.logger,
  });
  const auditRead = auditGrantedAccess({ audit: deps.auditAccess, clock: deps.clock });
  const session = mountIgPages(app, { ...deps, auditRefusal, auditRead });
  if (deps.deadLetters) {
    mountDeadLetterPages(app, { ...deps.deadLetters, session, logger: deps.logger });
    mountDeadLetterApi(app, { ...deps.deadLetters, verifier: deps.verifier });
  }

  const auditorOnly = [deps.verifier.authenticate, auditRefusal, requireRole('auditor')];
  const route = (path: string, handler: (req: Request, res: Response) => Promise<void>) =>
    app.get(path, ...auditorOnly, ((req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(next);
    }) as RequestHandler);

  route('/v1/audit/records', async (req, res) => {
    const caller = callerOf(res);
    const { rows, nextCursor } = await searchRecords(deps.index, req.query, deps.pageSize, caller.areas);
    await auditRead(caller, { route: '/v1/audit/records', purpose: 'IG_SEARCH', rows });
    res.json({ records: rows.map(positioned), nextCursor });
  });

  route('/v1/audit/records/:auditId', async (req, res) => {
    const caller = callerOf(res);
    const { row, checkpoint, inclusionProof } = await readRecordWithProof(
      deps.index,
      deps.log,
      String(req.params.auditId),
      caller.areas,
    );
    await auditRead(caller, { route: '/v1/audit/records/:auditId', purpose: 'IG_RECORD_READ', rows: [row] });
    res.json({
      record: positioned(row),
      checkpoint,
      inclusionProof,
      ...(inclusionProof
        ? {}
        : { pending: 'the record is not yet in a signed checkpoint; ask again shortly' }),
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
    const caller = callerOf(res);
    await sendSubjectAccess(
      res,
      { personId: String(req.params.personId), format: req.query.format, areas: caller.areas },
      deps,
      (rows) =>
        auditRead(caller, {
          route: '/v1/audit/subject-access/:personId',
          purpose: 'SUBJECT_ACCESS_EXPORT',
          rows,
        }),
    );
  });

  return finishHttpApp(app, deps.logger);
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

/** The consumer's health as gauges: stalled, failures in a row, how long, failed batches, dead letters. */
function sequencingGauges(health: AuditAppDeps['sequencingHealth']) {
  const gauges: Array<[string, string, (h: SequencingHealth) => number]> = [
    [
      'sequencer_stalled',
      '1 while the same audit.record batch keeps failing (the audit trail is not moving)',
      (h) => (h.stalled ? 1 : 0),
    ],
    [
      'sequencer_stalled_seconds',
      'seconds since the batch being retried first failed (0 when none is)',
      (h) => h.stalledSeconds,
    ],
    [
      'sequencer_consecutive_failures',
      'failures in a row of the audit.record batch being retried',
      (h) => h.consecutiveFailures,
    ],
    [
      'sequencer_failed_batches',
      'audit.record batches that failed (and were retried) since start',
      (h) => h.failedBatches,
    ],
    [
      'dead_letters',
      'audit.record messages refused since start: dead-lettered with their bytes and audited',
      (h) => h.deadLettered,
    ],
  ];
  return gauges.map(([name, help, pick]) => ({
    name,
    help,
    value: () => {
      const h = health?.();
      return h ? pick(h) : 0;
    },
  }));
}
