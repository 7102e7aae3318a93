import { describe, expect, it } from 'vitest';
import { consentPosition, consentRecordFor } from './consentPosition.js';
import { decideIncident, decideMarac } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { consent, incident, listing } from './testing/fixtures.js';

const BASIS = 'basis';
const scope = { area: 'trafford', incidentRef: 'INC-1' };
const history = (...records: ReturnType<typeof consent>[]) => {
  const h = new MemoryHistory();
  records.forEach((r) => h.addConsent(r));
  return h;
};
const victimFor = (
  incidentRef: string | null,
  status: 'GIVEN' | 'REFUSED' | 'NOT_SOUGHT' | 'WITHDRAWN',
  at: string,
) =>
  consent({
    eventId: `v-${status}-${at}`,
    subjectPersonId: 'V1',
    status,
    reason: status === 'NOT_SOUGHT' ? 'seeking consent would increase the risk' : null,
    scope: incidentRef ? { incidentRef, maracCaseRef: null } : null,
    recordedAt: at,
  });

describe("consent precedence (docs/domain/consent.md): subject > the victim's latest for the incident or case or for all", () => {
  it('the subject’s own record wins over any of the victim’s, even a later one', () => {
    const h = history(
      consent({
        eventId: 'c',
        subjectPersonId: 'C1',
        status: 'WITHDRAWN',
        recordedAt: '2026-01-01T00:00:00Z',
      }),
      victimFor('INC-1', 'GIVEN', '2026-03-01T00:00:00Z'),
    );
    expect(consentPosition(h, 'C1', 'V1', scope, BASIS)).toEqual({
      status: 'WITHDRAWN',
      reason: null,
      basis: BASIS,
    });
  });

  it('the victim’s later record for all wins over an earlier one of theirs for this incident (one latest over both)', () => {
    const h = history(
      victimFor('INC-1', 'NOT_SOUGHT', '2026-01-01T00:00:00Z'),
      victimFor(null, 'GIVEN', '2026-03-01T00:00:00Z'),
    );
    expect(consentPosition(h, 'C1', 'V1', scope, BASIS)).toEqual({
      status: 'GIVEN',
      reason: null,
      basis: null,
    });
  });

  it('the victim’s later record for this incident wins over an earlier one of theirs for all', () => {
    const h = history(
      victimFor(null, 'GIVEN', '2026-01-01T00:00:00Z'),
      victimFor('INC-1', 'NOT_SOUGHT', '2026-03-01T00:00:00Z'),
    );
    expect(consentPosition(h, 'C1', 'V1', scope, BASIS)).toEqual({
      status: 'NOT_SOUGHT',
      reason: 'seeking consent would increase the risk',
      basis: BASIS,
    });
  });

  it('the victim’s record for all applies when there is none for this incident', () => {
    const h = history(
      victimFor(null, 'GIVEN', '2026-03-01T00:00:00Z'),
      victimFor('OTHER', 'REFUSED', '2026-03-02T00:00:00Z'),
    );
    expect(consentPosition(h, 'C1', 'V1', scope, BASIS)).toEqual({
      status: 'GIVEN',
      reason: null,
      basis: null,
    });
  });

  it('a record scoped to another incident or case never applies, the subject’s included', () => {
    const h = history(
      consent({
        eventId: 'c',
        subjectPersonId: 'C1',
        status: 'REFUSED',
        scope: { incidentRef: 'OTHER', maracCaseRef: null },
      }),
      victimFor('OTHER', 'REFUSED', '2026-03-01T00:00:00Z'),
    );
    expect(consentPosition(h, 'C1', 'V1', scope, BASIS).status).toBe('NOT_RECORDED');
  });

  it('takes the latest of equals by recordedAt (instants compared, not strings), then by eventId', () => {
    const h = history(
      consent({ eventId: 'a', status: 'REFUSED', recordedAt: '2026-03-10T22:30:00+01:00' }),
      consent({ eventId: 'b', status: 'GIVEN', recordedAt: '2026-03-10T22:00:00Z' }),
    );
    expect(consentRecordFor(h, 'C1', 'V1', scope)?.eventId).toBe('b');
    const tie = history(
      consent({ eventId: 'b', status: 'REFUSED', recordedAt: '2026-03-10T22:00:00Z' }),
      consent({ eventId: 'a', status: 'GIVEN', recordedAt: '2026-03-10T22:00:00Z' }),
    );
    expect(consentRecordFor(tie, 'C1', 'V1', scope)?.eventId).toBe('b');
  });

  it('for the victim as subject (adult routes), the victim’s own records are the subject’s', () => {
    const h = history(victimFor(null, 'REFUSED', '2026-03-01T00:00:00Z'));
    expect(consentPosition(h, 'V1', 'V1', scope, BASIS).status).toBe('REFUSED');
  });

  it('a MARAC share reads records scoped to its case reference', () => {
    const trafford = loadArea('trafford');
    const h = history(
      consent({
        eventId: 'm',
        subjectPersonId: 'V1',
        status: 'NOT_SOUGHT',
        reason: 'risk',
        scope: { incidentRef: null, maracCaseRef: 'MARAC-1' },
      }),
    );
    const d = decideMarac(trafford, listing(), h);
    expect(d.shares.map((s) => s.consent.status)).toEqual(['NOT_SOUGHT', 'NOT_SOUGHT']);
    expect(d.historyEventIds).toEqual(['m']);
  });

  it('a consent recorded in another area never decides a share (ADR 0090), however late it is', () => {
    const trafford = loadArea('trafford');
    const h = history(
      victimFor(null, 'GIVEN', '2026-01-01T00:00:00Z'),
      consent({
        eventId: 'kent-later',
        area: 'kent',
        subjectPersonId: 'C1',
        status: 'WITHDRAWN',
        recordedAt: '2026-03-01T00:00:00Z',
      }),
      consent({
        eventId: 'kent-victim',
        area: 'kent',
        subjectPersonId: 'V1',
        status: 'REFUSED',
        scope: { incidentRef: 'INC-1', maracCaseRef: null },
        recordedAt: '2026-03-01T00:00:00Z',
      }),
    );
    expect(consentRecordFor(h, 'C1', 'V1', scope)?.eventId).toBe('v-GIVEN-2026-01-01T00:00:00Z');
    expect(consentRecordFor(h, 'C1', 'V1', { ...scope, area: 'kent' })?.eventId).toBe('kent-later');
    const d = decideIncident(trafford, incident({ crimeRecorded: true }), h);
    expect(d.shares.map((s) => s.consent.status)).toEqual(['GIVEN', 'GIVEN']);
    expect(d.historyEventIds).not.toContain('kent-later');
    expect(d.historyEventIds).not.toContain('kent-victim');
  });

  it('every share states its position, and the decision lists the consent records it read', () => {
    const trafford = loadArea('trafford');
    const h = history(victimFor('INC-1', 'REFUSED', '2026-03-01T00:00:00Z'));
    const d = decideIncident(trafford, incident({ crimeRecorded: true }), h);
    expect(d.shares.map((s) => [s.consent.status, s.consent.basis !== null])).toEqual([
      ['REFUSED', true],
      ['REFUSED', true],
    ]);
    expect(d.historyEventIds).toEqual([h.consentsFor('V1')[0]!.eventId]);
  });
});
