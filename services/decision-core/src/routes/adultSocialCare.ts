import type { Route } from './Route.js';

/** Adult social care, about the victim when `victim.openToAdultSocialCare` (every area; DOMAIN.md 4). */
export const adultSocialCare: Route = {
  name: 'adult social care',
  services: ['ADULT_SOCIAL_CARE'],
  triageRoute: 'ADULT',
  taken: () => true,
  route(subject, at, out) {
    if (subject.kind !== 'VICTIM' || !subject.victim.openToAdultSocialCare) return;
    const { ruleset } = at.input.ctx;
    const kind = ruleset.routes.otherRoutesKind;
    const dueBy = at.due(ruleset.routes.adultSocialCare.due);
    const team = at.input.ctx.firstTeam('ADULT_SOCIAL_CARE');
    if (team) out.share(team, kind, dueBy);
    else out.triage('the directory has no adult social care team', kind, dueBy);
  },
};
