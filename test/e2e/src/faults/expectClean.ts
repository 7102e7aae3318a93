import { expect } from 'vitest';
import type { FaultRunReport } from './faultRun.js';

/**
 * Nothing lost, duplicated, unaudited or misplaced; the audit log signs every record; no dead letter but poison; and
 * when the run checked the gateway's answers, every acceptance in the pipeline and no failure half-there.
 */
export function expectClean(report: FaultRunReport): void {
  const c = report.reconciliation;
  expect(c.refused, 'inputs the gateway refused').toEqual([]);
  for (const kind of ['decisions', 'notifications', 'triage'] as const) {
    expect(c[kind].lost, `${kind} lost`).toEqual([]);
    expect(c[kind].duplicated, `${kind} duplicated`).toEqual([]);
    expect(c[kind].unaudited, `${kind} unaudited`).toEqual([]);
  }
  expect(c.inbox).toEqual({ missing: [], duplicated: [], misplaced: [] });
  expect(c.auditLog.checkpointSize, 'signed size of the audit log').toBe(c.auditLog.distinctRecords);
  expect(c.unexpectedDeadLetters).toEqual([]);
  if (report.answers) {
    // Every POST answered 202 (or 200) is in the pipeline; none answered with a failure is half-there.
    expect(report.answers.acceptedMissing, 'accepted and not on the input topic').toEqual([]);
    expect(report.answers.halfThere, 'written more often than the answers allow').toEqual([]);
  }
}
