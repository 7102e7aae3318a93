import { isSchoolAge } from '../deadlines.js';
import { mayBeUnder1 } from '../mayBeUnder1.js';
import type { Child } from '../model.js';
import type { Route, RouteContext, RouteOutput } from './Route.js';

const NOT_IN_SCHOOL: readonly string[] = Object.freeze(['NOT_IN_SCHOOL']);
type Service = 'HEALTH_VISITING' | 'SCHOOL_NURSING';

/**
 * A child's health route (DOMAIN.md 4 and 5): health visiting or school nursing by setting, age and school year —
 * `FULL`, section 4's table (trafford) — or, when the ruleset tells health under one rule only with `under1Only`
 * (kent K3), health visiting for a child who may be under 1.
 */
export const healthBySetting: Route = {
  name: 'health by setting',
  services: ['HEALTH_VISITING', 'SCHOOL_NURSING'],
  triageRoute: 'HEALTH',
  taken: (plan) => plan.health !== 'NONE',
  route(subject, at, out) {
    if (subject.kind !== 'CHILD') return;
    const { child } = subject;
    const date = at.input.localDate;
    if (at.input.plan.health === 'UNDER1') {
      // Kent K3 (procedure 7.1, "CSS must ensure that the midwifery/health visiting service is informed"): health
      // visiting for a child under 1. With no date of birth the age decides, so it is asked for, unless the
      // setting alone rules out an infant.
      const infant = mayBeUnder1(child, date);
      if (infant === 'unknown')
        triage(at, out, 'no date of birth: the health visiting route (a child under 1) needs the age');
      else if (infant) byDistrict(at, out, 'HEALTH_VISITING', child);
      return;
    }
    const { setting, schoolUrn, previousSchoolUrn } = child.education;
    if (setting === 'PRE_SCHOOL') byDistrict(at, out, 'HEALTH_VISITING', child);
    else if (setting === 'SCHOOL') bySchool(at, out, child, schoolUrn, 'setting SCHOOL');
    else if (setting === 'LEFT_SCHOOL')
      bySchool(at, out, child, previousSchoolUrn, 'setting LEFT_SCHOOL (previous school)');
    else if (setting === 'HOME_EDUCATED' || setting === 'NOT_IN_EDUCATION')
      byDistrict(at, out, 'SCHOOL_NURSING', child, NOT_IN_SCHOOL);
    else if (!child.dateOfBirth) triage(at, out, 'no date of birth: setting UNKNOWN is routed by age');
    else
      byDistrict(at, out, isSchoolAge(child.dateOfBirth, date) ? 'SCHOOL_NURSING' : 'HEALTH_VISITING', child);
  },
};

function triage(at: RouteContext, out: RouteOutput, reason: string): void {
  const { routes } = at.input.ctx.ruleset;
  out.triage(reason, routes.otherRoutesKind, at.due(routes.health.due));
}

/** The team for the home postcode district; a child who does not live there is triaged. */
function byDistrict(
  at: RouteContext,
  out: RouteOutput,
  service: Service,
  child: Child,
  flags?: readonly string[],
): void {
  if (!child.residesAtLocation)
    return triage(
      at,
      out,
      `the ${service} route needs the home address, and the child does not reside at the location`,
    );
  const team = at.input.ctx.teamForDistrict(service, at.district);
  if (!team)
    return triage(at, out, `postcode district ${at.district} has no ${service} team in the directory`);
  const { routes } = at.input.ctx.ruleset;
  out.share(team, routes.otherRoutesKind, at.due(routes.health.due), flags);
}

/** The school nursing team listing a maintained school of the area, else the home district's. */
function bySchool(at: RouteContext, out: RouteOutput, child: Child, urn: string | null, what: string): void {
  const { ctx } = at.input;
  if (!urn) return triage(at, out, `${what} has no school URN`);
  const school = ctx.school(urn);
  if (!school) return triage(at, out, `school URN ${urn} is not in the directory`);
  if (school.independent || school.localAuthority !== ctx.ruleset.area)
    return byDistrict(at, out, 'SCHOOL_NURSING', child);
  const team = ctx.teamForSchool(urn);
  if (!team) return triage(at, out, `no school nursing team lists school URN ${urn}`);
  out.share(team, ctx.ruleset.routes.otherRoutesKind, at.due(ctx.ruleset.routes.health.due));
}
