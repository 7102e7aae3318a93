import type { Route } from './Route.js';

/** The adult service the victim is open to (`victim.openToAdultService`, an ADULT_HEALTH team; DOMAIN.md 4). */
export const adultHealth: Route = {
  name: 'adult health',
  services: ['ADULT_HEALTH'],
  triageRoute: 'ADULT',
  taken: () => true,
  route(subject, at, out) {
    if (subject.kind !== 'VICTIM' || !subject.victim.openToAdultService) return;
    const { ruleset } = at.input.ctx;
    const kind = ruleset.routes.otherRoutesKind;
    const dueBy = at.due(ruleset.routes.adultHealth.due);
    const named = subject.victim.openToAdultService;
    const team = at.input.ctx.teamById(named);
    if (team && team.service === 'ADULT_HEALTH') out.share(team, kind, dueBy);
    else out.triage(`adult service ${named} is not an adult service team in the directory`, kind, dueBy);
  },
};
