import { expect } from 'vitest';
import type { FaultRunReport } from './faultRun.js';

/** Nothing lost, duplicated, unaudited or misplaced; the audit log signs every record; no dead letter but poison. */
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
}
