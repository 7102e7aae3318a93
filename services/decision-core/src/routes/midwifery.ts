import type { Route } from './Route.js';

/** Midwifery (the Named Midwife for Safeguarding): the unborn child, wherever the area tells health (DOMAIN.md 4, 5). */
export const midwifery: Route = {
  name: 'midwifery',
  services: ['MIDWIFERY'],
  triageRoute: 'HEALTH',
  taken: (plan) => plan.health !== 'NONE',
  route(subject, at, out) {
    if (subject.kind !== 'UNBORN') return;
    const { ruleset } = at.input.ctx;
    const dueBy = at.due(ruleset.routes.health.due);
    const team = at.input.ctx.firstTeam('MIDWIFERY');
    if (team) out.share(team, ruleset.routes.otherRoutesKind, dueBy);
    else out.triage('the directory has no midwifery team', ruleset.routes.otherRoutesKind, dueBy);
  },
};
