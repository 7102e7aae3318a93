import { ageOn } from './deadlines.js';
import type { Child } from './model.js';

/** Settings in which a child cannot be under 1 whatever their date of birth (a pupil, past school, home educated). */
const NOT_AN_INFANT: ReadonlySet<string> = new Set(['SCHOOL', 'LEFT_SCHOOL', 'HOME_EDUCATED']);

/**
 * Whether a child may be under 1 on `date` (DOMAIN.md 5, hub reading): under 1 by the date of birth; with none, any
 * setting but SCHOOL, LEFT_SCHOOL or HOME_EDUCATED (the hub cannot tell, so kent's K3 refers).
 * `'unknown'` when there is no date of birth and the setting allows an infant.
 */
export function mayBeUnder1(child: Child, date: string): boolean | 'unknown' {
  if (child.dateOfBirth !== null) return ageOn(child.dateOfBirth, date) < 1;
  return NOT_AN_INFANT.has(child.education.setting) ? false : 'unknown';
}
