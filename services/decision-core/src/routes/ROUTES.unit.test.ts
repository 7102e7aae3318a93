import { ServiceKindSymbols } from '@sharehub/schemas/types';
import { describe, expect, it } from 'vitest';
import { loadArea } from '../loadArea.js';
import { MemoryHistory } from '../MemoryHistory.js';
import { SERVICE_ORDER } from '../recipientServices.js';
import { routeShares } from '../routeShares.js';
import { child, incident } from '../testing/fixtures.js';
import { validateDirectory } from '../validateArea.js';
import type { Route, RoutingInput } from './Route.js';
import { ROUTES } from './ROUTES.js';
import { servicesForTriageRoute } from './servicesForTriageRoute.js';

describe('the recipient services come from the Avro enum (ADR 0022)', () => {
  it('are the ServiceKind symbols in schema order, less the triage team’s service and OTHER', () => {
    expect(SERVICE_ORDER).toEqual(
      ServiceKindSymbols.filter((s) => s !== 'SAFEGUARDING_FAMILIES' && s !== 'OTHER'),
    );
    expect(SERVICE_ORDER).toEqual([
      'CHILDRENS_SOCIAL_CARE',
      'ADULT_SOCIAL_CARE',
      'HEALTH_VISITING',
      'SCHOOL_NURSING',
      'MIDWIFERY',
      'GP',
      'ADULT_HEALTH',
    ]);
  });

  it('each is sent to by exactly one route: a symbol added to the enum without its route module fails here', () => {
    const routed = ROUTES.flatMap((r) => r.services);
    expect([...routed].sort()).toEqual([...SERVICE_ORDER].sort());
  });

  it('a directory may name a team of any of them, and of no other service', () => {
    const directory = (service: string) => ({
      area: 'x',
      teams: [
        { teamId: 'csc', service: 'CHILDRENS_SOCIAL_CARE', name: 'CSC' },
        { teamId: 't', service, name: 'T' },
      ],
      schools: [],
    });
    for (const service of SERVICE_ORDER) expect(() => validateDirectory(directory(service))).not.toThrow();
    for (const service of ['SAFEGUARDING_FAMILIES', 'OTHER', 'POLICE'])
      expect(() => validateDirectory(directory(service))).toThrow(/unknown service/);
  });
});

describe('ROUTES', () => {
  it('are listed in the enum order of their services, so each subject’s shares come out in service order', () => {
    const positions = ROUTES.flatMap((r) => r.services.map((s) => SERVICE_ORDER.indexOf(s)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('say which services a triage item of each route may be assigned to (the inbox asks them)', () => {
    expect(servicesForTriageRoute('HEALTH')).toEqual(['HEALTH_VISITING', 'SCHOOL_NURSING', 'MIDWIFERY']);
    expect(servicesForTriageRoute('GP')).toEqual(['GP']);
    expect(servicesForTriageRoute('ADULT')).toEqual(['ADULT_SOCIAL_CARE', 'ADULT_HEALTH']);
    expect(servicesForTriageRoute('EVENT')).toBe('ANY');
    expect(servicesForTriageRoute('OTHER')).toBe('ANY');
  });

  it('a route added as one module is tried for every subject, after the routes listed before it, with no change to routing', () => {
    // A stand-in for a new recipient service's module: every school-age child to the area's adult social care
    // team (a real one would name its own service, added to the Avro enum, the payload policy and the directory).
    const extra: Route = {
      name: 'test route',
      services: ['ADULT_SOCIAL_CARE'],
      triageRoute: 'ADULT',
      taken: () => true,
      route(subject, at, out) {
        if (subject.kind !== 'CHILD' || subject.age === undefined) return;
        const team = at.input.ctx.firstTeam('ADULT_SOCIAL_CARE');
        if (subject.age >= 5 && team) out.share(team, 'NOTIFICATION', at.due({ hours: 48 }));
        else out.triage(`a child of ${subject.age}`, 'NOTIFICATION', at.due({ hours: 48 }));
      },
    };
    const ctx = loadArea('trafford');
    const event = incident({
      crimeRecorded: true,
      children: [
        child({ personId: 'A', dateOfBirth: '2012-01-01', education: { setting: 'HOME_EDUCATED' } }),
        child({ personId: 'B' }),
      ],
    });
    const input: RoutingInput = {
      ctx,
      plan: {
        cscKind: 'NOTIFICATION',
        health: 'FULL',
        gp: true,
        isRepeatMarac: false,
        eventTriageWithoutChild: false,
      },
      sourceInstant: event.recordedAt,
      localDate: '2026-03-10',
      children: event.children,
      victim: event.victim,
      perpetrator: event.perpetrator,
      postcode: event.location.postcode,
      idBase: [event.forceCode, event.incidentRef],
      consentScope: { incidentRef: event.incidentRef },
      history: new MemoryHistory(),
      rationale: [],
      eventPayload: {},
    };
    const before = routeShares(input);
    const after = routeShares(input, [...ROUTES, extra]);
    expect(before.shares.map((s) => `${s.service}:${s.subjectPersonId}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:A',
      'SCHOOL_NURSING:A',
      'CHILDRENS_SOCIAL_CARE:B',
      'HEALTH_VISITING:B',
    ]);
    expect(after.shares.map((s) => `${s.service}:${s.subjectPersonId}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:A',
      'SCHOOL_NURSING:A',
      'ADULT_SOCIAL_CARE:A',
      'CHILDRENS_SOCIAL_CARE:B',
      'HEALTH_VISITING:B',
    ]);
    expect(after.shares.find((s) => s.service === 'ADULT_SOCIAL_CARE')!.dueBy).toBe('2026-03-12T21:00:00Z');
    expect(after.triage.map((t) => [t.route, t.subjectPersonId, t.reason])).toEqual([
      ['ADULT', 'B', 'a child of 3'],
    ]);
  });
});
