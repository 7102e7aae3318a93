import { describe, expect, it } from 'vitest';
import { decideCarePlan, decideIncident } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { child, consent, incident, kentIncident } from './testing/fixtures.js';

const trafford = loadArea('trafford');
const kent = loadArea('kent');
const shared = incident({ crimeRecorded: true });

describe('consent position (docs/domain/consent.md)', () => {
  const positionFor = (h: MemoryHistory) => decideIncident(trafford, shared, h).shares[0]!.consent;

  it('is NOT_RECORDED when no agency recorded one, with the basis the share proceeded on', () => {
    const c = positionFor(new MemoryHistory());
    expect(c.status).toBe('NOT_RECORDED');
    expect(c.basis).toMatch(/Children Act 2004 s\.11/);
  });

  it('takes the latest record naming the subject; GIVEN needs no basis', () => {
    const h = new MemoryHistory();
    h.addConsent(consent({ eventId: 'a', status: 'REFUSED', recordedAt: '2026-03-10T22:00:00Z' }));
    h.addConsent(consent({ eventId: 'b', status: 'GIVEN', recordedAt: '2026-03-10T23:00:00Z' }));
    expect(positionFor(h)).toEqual({ status: 'GIVEN', reason: null, basis: null });
  });

  it('falls back to the victim’s record for the same incident, or for all', () => {
    const h = new MemoryHistory();
    h.addConsent(
      consent({
        eventId: 'v',
        subjectPersonId: 'V1',
        status: 'NOT_SOUGHT',
        reason: 'Seeking consent would increase the risk',
        scope: { incidentRef: 'INC-1', maracCaseRef: null },
      }),
    );
    const c = positionFor(h);
    expect(c.status).toBe('NOT_SOUGHT');
    expect(c.reason).toBe('Seeking consent would increase the risk');
    const other = new MemoryHistory();
    other.addConsent(
      consent({
        eventId: 'w',
        subjectPersonId: 'V1',
        status: 'WITHDRAWN',
        scope: { incidentRef: 'ANOTHER', maracCaseRef: null },
      }),
    );
    expect(positionFor(other).status).toBe('NOT_RECORDED');
  });

  it('prefers the subject’s own record to the victim’s', () => {
    const h = new MemoryHistory();
    h.addConsent(
      consent({ eventId: 'v', subjectPersonId: 'V1', status: 'REFUSED', recordedAt: '2026-03-11T00:00:00Z' }),
    );
    h.addConsent(
      consent({ eventId: 'c', subjectPersonId: 'C1', status: 'GIVEN', recordedAt: '2026-03-10T00:00:00Z' }),
    );
    expect(positionFor(h).status).toBe('GIVEN');
  });

  it('every share carries the lawful basis', () => {
    expect(
      decideIncident(trafford, shared, new MemoryHistory()).shares.every((s) =>
        s.lawfulBasis.includes('Art. 6(1)(e)'),
      ),
    ).toBe(true);
  });
});

describe('police care plans (docs/domain/sharing-rules.md#police-care-plans)', () => {
  const plan = (criteria: string[], inc = shared) => ({
    eventId: 'CP1',
    carePlanRef: 'CP-1',
    area: inc.area,
    issuedAt: '2026-03-12T09:00:00Z',
    issuedBy: 'GMP',
    criteria,
    incident: inc,
  });

  it('does not re-decide: its criteria are the rules fired, each recorded by police, in ruleset order', () => {
    const d = decideCarePlan(trafford, plan(['T5', 'T1']), new MemoryHistory());
    expect(d.decision).toBe('SHARED');
    expect(d.rulesFired).toEqual(['T1', 'T5']);
    expect(d.rulesEvaluated).toEqual([
      { ruleId: 'T1', fired: true, reason: 'recorded by police' },
      { ruleId: 'T5', fired: true, reason: 'recorded by police' },
    ]);
  });

  it('counts deadlines from issuedAt and keeps the incident’s notification ids (a share already sent is not sent again)', () => {
    const d = decideCarePlan(trafford, plan(['T1']), new MemoryHistory());
    expect(d.shares[0]!.dueBy).toBe('2026-03-13T09:00:00Z');
    expect(d.shares.map((s) => s.notificationId)).toEqual(
      decideIncident(trafford, shared, new MemoryHistory()).shares.map((s) => s.notificationId),
    );
  });

  it('in kent, takes its kind and K3 health routes from the criteria', () => {
    const inc = kentIncident({ children: [child({ dateOfBirth: '2025-12-01' })] });
    const d = decideCarePlan(kent, plan(['K3'], inc), new MemoryHistory());
    expect(d.shares.map((s) => `${s.service}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:REFERRAL',
      'HEALTH_VISITING:NOTIFICATION',
    ]);
    const notification = decideCarePlan(kent, plan(['K9'], inc), new MemoryHistory());
    expect(notification.shares.map((s) => `${s.service}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:NOTIFICATION',
    ]);
  });
});
