import type { ServiceKind, TriageRoute } from '../model.js';
import { ROUTES } from './ROUTES.js';

const byRoute = new Map<string, ServiceKind[]>();
for (const r of ROUTES)
  if (r.triageRoute !== 'EVENT')
    byRoute.set(r.triageRoute, [...(byRoute.get(r.triageRoute) ?? []), ...r.services]);

/**
 * The services whose teams a triage item of a route may be assigned to: those of the routes that triage to it
 * (HEALTH: health visiting, school nursing, midwifery; GP; ADULT: adult social care and adult health), or any team
 * for a whole-event item (EVENT) or a route this version does not know.
 */
export function servicesForTriageRoute(route: TriageRoute): readonly ServiceKind[] | 'ANY' {
  return byRoute.get(route) ?? 'ANY';
}
