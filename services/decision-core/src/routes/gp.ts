import type { Route } from './Route.js';

/** The young person's GP practice, for a child of the ruleset's GP ages (trafford 16–17; DOMAIN.md 4). */
export const gp: Route = {
  name: 'GP',
  services: ['GP'],
  triageRoute: 'GP',
  taken: (plan) => plan.gp,
  route(subject, at, out) {
    if (subject.kind !== 'CHILD') return;
    const { ctx } = at.input;
    const { minAge, maxAge, due } = ctx.ruleset.routes.gp;
    const kind = ctx.ruleset.routes.otherRoutesKind;
    const dueBy = at.due(due);
    const { age, child } = subject;
    if (age === undefined)
      return out.triage(
        `no date of birth: the GP route (ages ${minAge} to ${maxAge}) needs the age`,
        kind,
        dueBy,
      );
    if (age < minAge || age > maxAge) return;
    if (!child.gpPracticeCode) return out.triage(`a child of ${age} with no gpPracticeCode`, kind, dueBy);
    const team = ctx.teamForGpPractice(child.gpPracticeCode);
    if (team) out.share(team, kind, dueBy);
    else out.triage(`GP practice ${child.gpPracticeCode} is not in the directory`, kind, dueBy);
  },
};
