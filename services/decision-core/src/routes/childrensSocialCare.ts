import type { Route } from './Route.js';

/** Children's social care: a share for every subject child, the unborn child included, of the plan's kind (DOMAIN.md 4, 5). */
export const childrensSocialCare: Route = {
  name: "children's social care",
  services: ['CHILDRENS_SOCIAL_CARE'],
  triageRoute: 'EVENT',
  taken: () => true,
  route(subject, at, out) {
    if (subject.kind === 'VICTIM') return;
    const { ctx, plan } = at.input;
    const dueBy = at.due(ctx.ruleset.routes.childrensSocialCare.due);
    const team = ctx.firstTeam('CHILDRENS_SOCIAL_CARE');
    if (team) out.share(team, plan.cscKind, dueBy);
    else out.triage("the directory has no children's social care team", plan.cscKind, dueBy);
  },
};
