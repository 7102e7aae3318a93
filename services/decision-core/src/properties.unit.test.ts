import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES } from './bankHolidays.js';
import { decide, decideIncident } from './decide.js';
import { maracDue, withinWorkingDays } from './deadlines.js';
import { History } from './History.js';
import { explainEvents } from './explainEvents.js';
import { createAreaRegistry } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { child, incident, listing } from './testing/fixtures.js';
import type { Child, IncidentBody } from './model.js';

const areaOf = createAreaRegistry();
const SETTINGS = [
  'PRE_SCHOOL',
  'SCHOOL',
  'LEFT_SCHOOL',
  'HOME_EDUCATED',
  'NOT_IN_EDUCATION',
  'UNKNOWN',
] as const;
const URNS = [null, '106310', '106320', '106331', '106390', '105510', '111820', '118800', '999999'];
const POSTCODES = ['M33 7XX', 'M16 0AB', 'WA14 1AA', 'ME14 2AB', 'CT1 1AA', 'SW1A 1AA'];

const arbChild: fc.Arbitrary<Child> = fc
  .record({
    id: fc.integer({ min: 1, max: 9999 }),
    dob: fc.option(
      fc.date({ min: new Date('2006-01-01'), max: new Date('2026-03-01'), noInvalidDate: true }),
      { nil: null },
    ),
    setting: fc.constantFrom(...SETTINGS),
    urn: fc.constantFrom(...URNS),
    prev: fc.constantFrom(...URNS),
    gp: fc.constantFrom(null, 'P91001', 'P91003', 'Z0000'),
    resides: fc.boolean(),
    involvement: fc.constantFrom('NONE', 'WITNESS', 'VICTIM', 'PERPETRATOR'),
    flags: fc.boolean(),
  })
  .map((r) =>
    child({
      personId: `C${r.id}`,
      dateOfBirth: r.dob ? r.dob.toISOString().slice(0, 10) : null,
      residesAtLocation: r.resides,
      involvement: r.involvement as Child['involvement'],
      calledPolice: r.flags,
      gpPracticeCode: r.gp,
      education: { setting: r.setting, schoolUrn: r.urn, previousSchoolUrn: r.prev },
    }),
  );

const arbIncident: fc.Arbitrary<IncidentBody> = fc
  .record({
    area: fc.constantFrom('trafford', 'kent'),
    occurredAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
    delayMinutes: fc.integer({ min: 0, max: 3000 }),
    crime: fc.boolean(),
    risk: fc.constantFrom('STANDARD', 'MEDIUM', 'HIGH'),
    pregnant: fc.boolean(),
    asc: fc.boolean(),
    service: fc.constantFrom(null, 'tr-ah-cmht', 'nobody'),
    postcode: fc.constantFrom(...POSTCODES),
    children: fc.uniqueArray(arbChild, { maxLength: 4, selector: (c) => c.personId }),
    serious: fc.boolean(),
  })
  .map((r) =>
    incident({
      area: r.area,
      occurredAt: r.occurredAt.toISOString(),
      recordedAt: new Date(r.occurredAt.getTime() + r.delayMinutes * 60_000).toISOString(),
      crimeRecorded: r.crime,
      dashRisk: r.risk as IncidentBody['dashRisk'],
      deemedSerious: r.serious,
      victim: {
        ...incident().victim,
        pregnant: r.pregnant,
        openToAdultSocialCare: r.asc,
        openToAdultService: r.service,
      },
      location: { householdKey: 'HH', postcode: r.postcode, uprn: null },
      children: r.children,
    }),
  );

describe('properties of the decision core', () => {
  it('every child or unborn child of a shared event is routed to a team or triaged', () => {
    fc.assert(
      fc.property(arbIncident, (i) => {
        const d = decideIncident(areaOf(i.area), i, new MemoryHistory());
        if (d.decision !== 'SHARED') return;
        const date = DateTime.fromISO(i.occurredAt).setZone('Europe/London').toISODate()!;
        const subjects = i.children
          .filter(
            (c) =>
              !c.dateOfBirth ||
              DateTime.fromISO(date).diff(DateTime.fromISO(c.dateOfBirth), 'years').years < 18,
          )
          .map((c) => c.personId);
        if (i.victim.pregnant) subjects.push(`${i.victim.personId}:unborn`);
        for (const s of subjects) {
          const handled =
            d.shares.some((x) => x.subjectPersonId === s) || d.triage.some((t) => t.subjectPersonId === s);
          expect(handled, `subject ${s}`).toBe(true);
        }
        if (i.area === 'trafford') {
          // Every subject child's health route is resolved or triaged, never silently dropped.
          for (const s of subjects.filter((x) => !x.endsWith(':unborn'))) {
            const health =
              d.shares.some(
                (x) => x.subjectPersonId === s && ['HEALTH_VISITING', 'SCHOOL_NURSING'].includes(x.service),
              ) || d.triage.some((t) => t.subjectPersonId === s && t.route === 'HEALTH');
            expect(health, `health route of ${s}`).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('every working-day deadline is 23:59:59 Europe/London on a working day', () => {
    fc.assert(
      fc.property(arbIncident, (i) => {
        const ctx = areaOf(i.area);
        const d = decideIncident(ctx, i, new MemoryHistory());
        for (const s of d.shares.filter(
          (x) => !['CHILDRENS_SOCIAL_CARE', 'ADULT_SOCIAL_CARE'].includes(x.service),
        )) {
          const local = DateTime.fromISO(s.dueBy).setZone('Europe/London');
          expect(local.toFormat('HH:mm:ss')).toBe('23:59:59');
          expect(ctx.calendar.isWorkingDay(local.toISODate()!)).toBe(true);
          expect(Date.parse(s.dueBy)).toBeGreaterThan(Date.parse(i.recordedAt));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the same input always gives byte-identical output', () => {
    fc.assert(
      fc.property(fc.array(arbIncident, { minLength: 1, maxLength: 5 }), (list) => {
        const events = list.map((event, n) => ({
          type: 'IncidentRecorded' as const,
          event: { ...event, eventId: `E${n}`, incidentRef: `R${n}` },
        }));
        expect(JSON.stringify(explainEvents(events, areaOf))).toBe(
          JSON.stringify(explainEvents(events, createAreaRegistry())),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('every subject of a MARAC listing is routed or triaged, every share due as MARAC says, repeat or not', () => {
    fc.assert(
      fc.property(arbIncident, fc.integer({ min: 0, max: 40 }), fc.boolean(), (i, days, repeat) => {
        const ctx = areaOf(i.area);
        const meetingDate = new Date(Date.parse(i.recordedAt) + days * 86_400_000).toISOString().slice(0, 10);
        const l = listing({
          area: i.area,
          listedAt: i.recordedAt,
          meetingDate,
          referralReason: repeat ? 'REPEAT_INCIDENT' : 'ESCALATION',
          victim: i.victim,
          children: i.children,
          location: i.location,
        });
        const d = decide(l, new History(), ctx.ruleset, ctx.directory);
        expect(d.rulesFired).toEqual(['MARAC']);
        const date = DateTime.fromISO(i.recordedAt).setZone('Europe/London').toISODate()!;
        const subjects = i.children
          .filter(
            (c) =>
              !c.dateOfBirth ||
              DateTime.fromISO(date).diff(DateTime.fromISO(c.dateOfBirth), 'years').years < 18,
          )
          .map((c) => c.personId);
        if (i.victim.pregnant) subjects.push(`${i.victim.personId}:unborn`);
        for (const s of subjects)
          expect(
            d.shares.some((x) => x.subjectPersonId === s) || d.triage.some((t) => t.subjectPersonId === s),
          ).toBe(true);
        const due = maracDue(l.listedAt, meetingDate);
        expect([...d.shares, ...d.triage].every((x) => x.dueBy === due && x.isRepeatMarac === repeat)).toBe(
          true,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a working-day deadline ends the Nth working day after the local date: N working days, no more', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2019-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 15 }),
        (at, n) => {
          const due = DateTime.fromISO(withinWorkingDays(at.toISOString(), n)).setZone('Europe/London');
          expect(due.toFormat('HH:mm:ss')).toBe('23:59:59');
          let day = DateTime.fromJSDate(at).setZone('Europe/London').startOf('day');
          let counted = 0;
          while (day.toISODate()! < due.toISODate()!) {
            day = day.plus({ days: 1 });
            if (ENGLAND_AND_WALES.isWorkingDay(day.toISODate()!)) counted++;
          }
          expect(counted).toBe(n);
          expect(ENGLAND_AND_WALES.isWorkingDay(due.toISODate()!)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the whole Decision is a function of its inputs: same events and history, byte-identical JSON', () => {
    fc.assert(
      fc.property(fc.array(arbIncident, { minLength: 1, maxLength: 4 }), arbIncident, (earlier, now) => {
        const build = () => {
          const h = new History();
          earlier.forEach((e, n) => {
            const event = { ...e, area: now.area, eventId: `H${n}`, incidentRef: `HR${n}` };
            const ctx = areaOf(now.area);
            h.record(event, decide(event, h, ctx.ruleset, ctx.directory));
          });
          return h;
        };
        const ctx = areaOf(now.area);
        expect(JSON.stringify(decide(now, build(), ctx.ruleset, ctx.directory))).toBe(
          JSON.stringify(decide(now, build(), ctx.ruleset, ctx.directory)),
        );
      }),
      { numRuns: 150 },
    );
  });
});
