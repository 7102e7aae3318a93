import type { AreaContext } from '../areaContext.js';
import type { RoutePlan } from './Route.js';

/**
 * The routes an incident (or police care plan) takes, from the ruleset and the rules that fired (DOMAIN.md 3 to 5):
 * children's services of kind REFERRAL when any referral rule fired, else NOTIFICATION; health as
 * `routes.health.mode` says (FULL; ON_RULE when `onRule` fired, kent's K3, as UNDER1 with `under1Only`; NONE); the
 * GP route when `routes.gp.enabled`; the whole-event item as `routes.childrensSocialCare.eventTriageWithoutChild`.
 */
export function rulesPlan(ctx: AreaContext, fired: readonly string[]): RoutePlan {
  const { ruleset } = ctx;
  const referral = fired.some((id) => ruleset.rules.find((r) => r.id === id)?.kind === 'REFERRAL');
  const health = ruleset.routes.health;
  return {
    cscKind: referral ? 'REFERRAL' : 'NOTIFICATION',
    health:
      health.mode === 'FULL'
        ? 'FULL'
        : health.mode === 'ON_RULE' && health.onRule && fired.includes(health.onRule)
          ? health.under1Only === false
            ? 'FULL'
            : 'UNDER1'
          : 'NONE',
    gp: ruleset.routes.gp.enabled,
    isRepeatMarac: false,
    eventTriageWithoutChild: ruleset.routes.childrensSocialCare.eventTriageWithoutChild === true,
  };
}

/**
 * The routes a MARAC listing takes (DOMAIN.md 6), from the ruleset's `marac` settings: children's services of
 * `marac.shareKind`, the full health table when `marac.healthRoutes`, the GP route when `marac.gpRoute`, every share
 * due at `due`, each carrying whether the listing is a repeat.
 */
export function maracPlan(ctx: AreaContext, isRepeatMarac: boolean, due: string): RoutePlan {
  const { marac } = ctx.ruleset;
  return {
    cscKind: marac.shareKind,
    health: marac.healthRoutes ? 'FULL' : 'NONE',
    gp: marac.gpRoute,
    isRepeatMarac,
    eventTriageWithoutChild: false,
    dueOverride: due,
  };
}
