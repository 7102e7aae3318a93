import type { Logger } from 'pino';
import { z } from './config.js';
import type { ProductionRule } from './refuseDevelopmentDefaults.js';

/**
 * The named moments a fault test may stop a service at (docs/adr/0102-fault-points.md): each is a moment where a
 * crash leaves work half-done across two systems, so a kill there shows whether recovery finishes or redoes it.
 */
export const FAULT_POINTS = [
  /** A transform's outputs are sent in its open transaction; its offsets are not yet sent, nor the commit. */
  'kafka.transaction.beforeCommit',
  /** The transaction's commit (EndTxn) is asked for and has not resolved: it may or may not be committed. */
  'kafka.transaction.commitSent',
  /** A sink's batch is handled (stored, indexed); its offsets are not yet committed. */
  'kafka.offsets.beforeCommit',
  /** The gateway's write is acknowledged by the broker; its ledger row is not yet marked accepted, no answer sent. */
  'gateway.afterPublish',
  /** The audit batch's index journal row is committed (its leaves exist); no segment, offsets not committed. */
  'audit.index.afterJournal',
  /** An audit segment is stored in S3; its signed checkpoint and the frontier state are not. */
  'audit.segment.afterWrite',
  /** An audit checkpoint is stored in S3; the frontier state that names it is not. */
  'audit.checkpoint.afterWrite',
  /** The inbox's outbox rows are published and acknowledged; they are not yet deleted. */
  'inbox.outbox.afterPublish',
] as const;

/** One of {@link FAULT_POINTS}. */
export type FaultPointName = (typeof FAULT_POINTS)[number];

/**
 * A port a service calls at each named dangerous moment: resolves at once (a no-op), unless the process was started
 * armed at that point, when it reports it and never resolves, so a test can SIGKILL the process exactly there.
 */
export type FaultPoint = (name: FaultPointName) => Promise<void>;

/** The line written to stderr when a process pauses at a fault point (`<marker> <point>`): what a harness waits for. */
export const FAULT_POINT_MARKER = 'SHAREHUB_FAULT_POINT_REACHED';

const resolved = Promise.resolve();

/** The fault point of a process that is not armed: every call resolves at once. */
export const noFaultPoint: FaultPoint = () => resolved;

/**
 * The fault point of a process: {@link noFaultPoint} unless `pauseAt` names a point, in which case reaching that
 * point writes `FAULT_POINT_MARKER point` to stderr and a warning log line, then waits for ever (other points and
 * the rest of the process carry on; the test kills it). Configured by `SHAREHUB_FAULT_PAUSE_AT` only.
 */
export function createFaultPoint(
  pauseAt: FaultPointName | undefined,
  logger: Logger,
  writeMarker: (line: string) => void = (line) => void process.stderr.write(line),
): FaultPoint {
  if (pauseAt === undefined) return noFaultPoint;
  logger.warn({ faultPoint: pauseAt }, 'armed at a fault point: a test build, never production');
  return (name) => {
    if (name !== pauseAt) return resolved;
    logger.warn({ faultPoint: name }, 'paused at a fault point');
    writeMarker(`${FAULT_POINT_MARKER} ${name}\n`);
    return new Promise<void>(() => undefined);
  };
}

/** The setting that arms a fault point, for a service's config schema (development and tests only). */
export const faultPointSettings = {
  /** A fault point to pause at, so a fault test can SIGKILL the process there; refused with NODE_ENV=production. */
  SHAREHUB_FAULT_PAUSE_AT: z.enum(FAULT_POINTS).optional(),
};

/** The production rule of `SHAREHUB_FAULT_PAUSE_AT`: it must be unset (a production process never pauses). */
export const noFaultPointInProduction: ProductionRule = (value) =>
  value === undefined
    ? undefined
    : 'arms a fault point (the process would stop there for a test to kill it): development and tests only';
