import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@sharehub/kit';
import type { AuditRecord } from '@sharehub/schemas';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import { toIndexRow } from '../index/toIndexRow.js';
import { LeafConflictError } from '../errors.js';
import { makeAuditRecord } from './makeAuditRecord.js';

/** Index rows for records placed from `from` on (the leaf hash here is a stand-in; the index does not check it). */
export function indexRowsFor(records: readonly AuditRecord[], from = 0): AuditIndexRow[] {
  return records.map((record, i) => {
    const recordJson = canonicalJson({ ...record, position: undefined });
    return toIndexRow(record, {
      leafIndex: from + i,
      leafHash: createHash('sha256').update(recordJson).digest('hex'),
      recordJson,
    });
  });
}

/** The behaviour every AuditIndex must have; run against the in-memory fake and against PGlite and PostgreSQL. */
export function auditIndexContract(name: string, makeIndex: () => Promise<AuditIndex>): void {
  describe(`AuditIndex contract: ${name}`, () => {
    it('starts empty, appends densely, and reads rows back as written', async () => {
      const index = await makeIndex();
      expect(await index.size()).toBe(0);
      const rows = indexRowsFor([makeAuditRecord(), makeAuditRecord({ subjectPersonIds: ['a', 'b'] })]);
      await index.append(rows);
      expect(await index.size()).toBe(2);
      expect(await index.range(0, 10)).toEqual(rows);
      expect(await index.range(1, 10)).toEqual([rows[1]]);
      expect(await index.get(rows[1]!.auditId)).toEqual(rows[1]);
      expect(await index.get('nope')).toBeUndefined();
      expect(await index.leafHashes(0, 10)).toEqual(rows.map((r) => r.leafHash));
      expect(await index.leafHashes(1, 1)).toEqual([rows[1]!.leafHash]);
      expect(await index.leafHashes(2, 5)).toEqual([]);
      await index.close();
    });

    it('says which audit ids it already holds, with their leaf hashes', async () => {
      const index = await makeIndex();
      const rows = indexRowsFor([makeAuditRecord(), makeAuditRecord()]);
      await index.append(rows);
      expect(await index.existing([rows[0]!.auditId, 'other'])).toEqual(
        new Map([[rows[0]!.auditId, rows[0]!.leafHash]]),
      );
      expect(await index.existing([])).toEqual(new Map());
      await index.close();
    });

    it('refuses a duplicate audit id, a taken leaf index or a gap, all or nothing', async () => {
      const index = await makeIndex();
      const first = indexRowsFor([makeAuditRecord()]);
      await index.append(first);
      const again = indexRowsFor([makeAuditRecord(), makeAuditRecord({ auditId: first[0]!.auditId })], 1);
      await expect(index.append(again)).rejects.toBeInstanceOf(LeafConflictError);
      await expect(index.append(indexRowsFor([makeAuditRecord()], 0))).rejects.toBeInstanceOf(
        LeafConflictError,
      );
      await expect(index.append(indexRowsFor([makeAuditRecord()], 2))).rejects.toBeInstanceOf(
        LeafConflictError,
      );
      expect(await index.size()).toBe(1);
      await index.append(indexRowsFor([makeAuditRecord()], 1));
      expect(await index.size()).toBe(2);
      await index.close();
    });

    it('searches by subject, reference, team, kind, decision and time, in leaf order, paged', async () => {
      const index = await makeIndex();
      const records = [
        makeAuditRecord({ subjectPersonIds: ['p1'], occurredAt: '2026-03-01T10:00:00.000Z' }),
        makeAuditRecord({
          kind: 'NOT_SHARED',
          recipient: null,
          subjectPersonIds: ['p1', 'p2'],
          decisionId: 'd-9',
          occurredAt: '2026-03-02T10:00:00.000Z',
        }),
        makeAuditRecord({
          source: { type: 'CARE_PLAN', eventId: 'e', ref: 'CP-7' },
          detail: JSON.stringify({ incidentRef: 'GMP-0002' }),
          subjectPersonIds: ['p2'],
          recipient: { service: 'GP', teamId: 'tr-gp-1' },
          occurredAt: '2026-03-03T10:00:00.000Z',
        }),
        makeAuditRecord({
          source: { type: 'MARAC_LISTING', eventId: 'e', ref: 'MARAC-1' },
          subjectPersonIds: ['p1'],
          occurredAt: '2026-03-04T10:00:00.000Z',
        }),
      ];
      await index.append(indexRowsFor(records));
      const ids = async (q: Parameters<AuditIndex['search']>[0]) =>
        (await index.search(q)).rows.map((r) => r.leafIndex);
      expect(await ids({ subjectPersonId: 'p1', limit: 10 })).toEqual([0, 1, 3]);
      expect(await ids({ incidentRef: 'GMP-0001', limit: 10 })).toEqual([0, 1]);
      expect(await ids({ incidentRef: 'GMP-0002', limit: 10 })).toEqual([2]);
      expect(await ids({ carePlanRef: 'CP-7', limit: 10 })).toEqual([2]);
      expect(await ids({ maracCaseRef: 'MARAC-1', limit: 10 })).toEqual([3]);
      expect(await ids({ teamId: 'tr-gp-1', limit: 10 })).toEqual([2]);
      expect(await ids({ kinds: ['NOT_SHARED'], limit: 10 })).toEqual([1]);
      expect(await ids({ kinds: ['NOT_SHARED', 'SHARE_SENT'], limit: 10 })).toEqual([0, 1, 2, 3]);
      expect(await ids({ decisionId: 'd-9', limit: 10 })).toEqual([1]);
      expect(await ids({ area: 'kent', limit: 10 })).toEqual([]);
      expect(
        await ids({ from: '2026-03-02T10:00:00.000Z', to: '2026-03-04T10:00:00.000Z', limit: 10 }),
      ).toEqual([1, 2]);
      expect(await ids({ subjectPersonId: 'p1', teamId: 'tr-first-response', limit: 10 })).toEqual([0, 3]);
      const first = await index.search({ subjectPersonId: 'p1', limit: 2 });
      expect(first.rows.map((r) => r.leafIndex)).toEqual([0, 1]);
      expect(first.more).toBe(true);
      const second = await index.search({ subjectPersonId: 'p1', limit: 2, afterLeafIndex: 1 });
      expect(second.rows.map((r) => r.leafIndex)).toEqual([3]);
      expect(second.more).toBe(false);
      // The caller's areas: the rows of those areas and the rows of no area, never another area's.
      const more = [
        makeAuditRecord({ area: 'kent', subjectPersonIds: ['p1'], occurredAt: '2026-03-05T10:00:00.000Z' }),
        makeAuditRecord({
          area: null,
          kind: 'ACCESS_REFUSED',
          subjectPersonIds: [],
          occurredAt: '2026-03-06T10:00:00.000Z',
        }),
      ];
      await index.append(indexRowsFor(more, 4));
      expect(await ids({ areas: ['kent'], limit: 10 })).toEqual([4, 5]);
      expect(await ids({ areas: ['trafford'], subjectPersonId: 'p1', limit: 10 })).toEqual([0, 1, 3]);
      expect(await ids({ areas: ['kent', 'trafford'], subjectPersonId: 'p1', limit: 10 })).toEqual([
        0, 1, 3, 4,
      ]);
      expect(await ids({ areas: [], limit: 10 })).toEqual([5]);
      expect(await ids({ subjectPersonId: 'p1', limit: 10 })).toEqual([0, 1, 3, 4]);
      await index.close();
    });

    it('holds records no column could hold as they are (NUL, 70,000 characters, emoji, extreme dates) and finds them by their own values', async () => {
      const index = await makeIndex();
      // Incompressible, so no database can squeeze it under its index entry limit.
      const long = Array.from({ length: 70_000 }, (_, i) =>
        String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000)),
      ).join('');
      const poison = makeAuditRecord({
        auditId: `a\u0000${long.slice(0, 10)}`,
        area: 'traf\u0000ford',
        subjectPersonIds: ['P-\u0000-1', long, '👩‍👧 child'],
        source: { type: 'INCIDENT', eventId: 'e', ref: `GMP-\u0000${long}` },
        recipient: { service: 'GP', teamId: '🏥-team' },
        decisionId: long,
        occurredAt: '-100000-01-01T00:00:00.000Z',
      });
      const rows = indexRowsFor([makeAuditRecord(), poison, makeAuditRecord()]);
      await index.append(rows);
      expect(await index.size()).toBe(3);
      const [stored] = await index.range(1, 1);
      expect(stored).toEqual(rows[1]);
      expect(stored!.recordJson).toBe(canonicalJson({ ...poison, position: undefined }));
      expect(stored!.auditId).not.toContain('\u0000');
      expect(await index.get(poison.auditId)).toEqual(rows[1]);
      expect(await index.existing([poison.auditId])).toEqual(new Map([[poison.auditId, rows[1]!.leafHash]]));
      const ids = async (q: Parameters<AuditIndex['search']>[0]) =>
        (await index.search(q)).rows.map((r) => r.leafIndex);
      expect(await ids({ subjectPersonId: long, limit: 10 })).toEqual([1]);
      expect(await ids({ subjectPersonId: '👩‍👧 child', limit: 10 })).toEqual([1]);
      expect(await ids({ incidentRef: `GMP-\u0000${long}`, limit: 10 })).toEqual([1]);
      expect(await ids({ decisionId: long, limit: 10 })).toEqual([1]);
      expect(await ids({ teamId: '🏥-team', limit: 10 })).toEqual([1]);
      expect(await ids({ area: 'traf\u0000ford', limit: 10 })).toEqual([1]);
      expect(await ids({ to: '1970-01-01T00:00:00.000Z', limit: 10 })).toEqual([1]);
      await index.close();
    });

    it("gives the dashboard's facts of the kinds, time range and areas asked: team, due time, triage id and fired rules", async () => {
      const index = await makeIndex();
      const records = [
        makeAuditRecord({
          kind: 'SHARED',
          occurredAt: '2026-03-02T09:00:00.000Z',
          rulesFired: [
            { ruleId: 'T1', text: 'a', citation: 'c' },
            { ruleId: 'T5', text: 'b', citation: 'd' },
          ],
        }),
        makeAuditRecord({
          kind: 'NOT_SHARED',
          occurredAt: '2026-03-02T10:00:00.000Z',
          rulesFired: [],
          recipient: null,
        }),
        makeAuditRecord({ occurredAt: '2026-03-03T10:00:00.000Z', dueBy: '2026-03-04T10:00:00.000Z' }),
        makeAuditRecord({
          kind: 'ROUTED_TO_TRIAGE',
          occurredAt: '2026-03-03T11:00:00.000Z',
          triageId: 'tri-1',
          recipient: null,
          notificationId: null,
          rulesFired: [],
        }),
        // Outside the range, of another area, of no area, and of a kind not asked for: none is a fact.
        makeAuditRecord({ occurredAt: '2026-03-09T00:00:00.000Z' }),
        makeAuditRecord({ occurredAt: '2026-03-03T10:00:00.000Z', area: 'kent' }),
        makeAuditRecord({ occurredAt: '2026-03-03T10:00:00.000Z', area: null }),
        makeAuditRecord({ kind: 'ACCESS_GRANTED', occurredAt: '2026-03-03T10:00:00.000Z' }),
      ];
      await index.append(indexRowsFor(records));
      const facts = await index.facts({
        kinds: ['SHARED', 'NOT_SHARED', 'SHARE_SENT', 'ROUTED_TO_TRIAGE'],
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-09T00:00:00.000Z',
        areas: ['trafford'],
      });
      expect(facts).toEqual([
        {
          kind: 'SHARED',
          occurredAt: '2026-03-02T09:00:00.000Z',
          area: 'trafford',
          service: 'CHILDRENS_SOCIAL_CARE',
          teamId: 'tr-first-response',
          notificationId: records[0]!.notificationId,
          triageId: null,
          dueBy: '2026-03-16T00:00:00.000Z',
          ruleIds: ['T1', 'T5'],
        },
        {
          kind: 'NOT_SHARED',
          occurredAt: '2026-03-02T10:00:00.000Z',
          area: 'trafford',
          service: null,
          teamId: null,
          notificationId: records[1]!.notificationId,
          triageId: null,
          dueBy: '2026-03-16T00:00:00.000Z',
          ruleIds: [],
        },
        {
          kind: 'SHARE_SENT',
          occurredAt: '2026-03-03T10:00:00.000Z',
          area: 'trafford',
          service: 'CHILDRENS_SOCIAL_CARE',
          teamId: 'tr-first-response',
          notificationId: records[2]!.notificationId,
          triageId: null,
          dueBy: '2026-03-04T10:00:00.000Z',
          ruleIds: ['T1'],
        },
        {
          kind: 'ROUTED_TO_TRIAGE',
          occurredAt: '2026-03-03T11:00:00.000Z',
          area: 'trafford',
          service: null,
          teamId: null,
          notificationId: null,
          triageId: 'tri-1',
          dueBy: '2026-03-16T00:00:00.000Z',
          ruleIds: [],
        },
      ]);
      expect(
        await index.facts({
          kinds: ['SHARE_SENT'],
          from: '2026-03-02T00:00:00.000Z',
          to: '2026-03-09T00:00:00.000Z',
          areas: [],
        }),
      ).toEqual([]);
      await index.close();
    });
  });
}
