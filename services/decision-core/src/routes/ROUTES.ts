import { adultHealth } from './adultHealth.js';
import { adultSocialCare } from './adultSocialCare.js';
import { childrensSocialCare } from './childrensSocialCare.js';
import { gp } from './gp.js';
import { healthBySetting } from './healthBySetting.js';
import { midwifery } from './midwifery.js';
import type { Route } from './Route.js';

/**
 * Every route, in the order they are tried for each subject (ADR 0022): the order of their services in the Avro
 * enum (DOMAIN.md 1), so a subject's shares come out in service order with no sorting. A new recipient service is
 * one module, listed here where its service stands in the enum.
 */
export const ROUTES: readonly Route[] = Object.freeze([
  childrensSocialCare,
  adultSocialCare,
  healthBySetting,
  midwifery,
  gp,
  adultHealth,
]);
