import { DecisionCoreError } from './DecisionCoreError.js';
import type { AreaDirectory, Ruleset } from './model.js';
import { PREDICATE_PARAMETERS, PREDICATES } from './predicates.js';
import { SERVICE_ORDER } from './recipientServices.js';

/**
 * Thrown when a ruleset or directory is not usable as it stands (code RULESET_INVALID or DIRECTORY_INVALID):
 * `problems` names each bad field; `file`, when the loader read one, is named first in the message.
 */
export class RulesetError extends DecisionCoreError {
  readonly problems: readonly string[];
  readonly file: string | undefined;
  /** The message without the file. */
  readonly reason: string;
  constructor(
    reason: string,
    code: 'RULESET_INVALID' | 'DIRECTORY_INVALID' = 'RULESET_INVALID',
    details: { problems?: readonly string[]; file?: string; cause?: unknown } = {},
  ) {
    super(code, details.file ? `${details.file}: ${reason}` : reason, { cause: details.cause });
    this.reason = reason;
    this.problems = details.problems ?? [reason];
    this.file = details.file;
  }

  /** The same error, naming the file its data was read from. */
  inFile(file: string): RulesetError {
    const code = this.code === 'DIRECTORY_INVALID' ? 'DIRECTORY_INVALID' : 'RULESET_INVALID';
    return new RulesetError(this.reason, code, { problems: this.problems, file, cause: this });
  }
}

const SERVICES: ReadonlySet<string> = new Set(SERVICE_ORDER);
const KINDS = new Set(['REFERRAL', 'NOTIFICATION']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Checks a ruleset read from data, listing every problem at once: ids, kinds, rationale and citation on each rule,
 * known predicates with the parameters they take, and every route setting. Returns it typed, or throws RulesetError.
 */
export function validateRuleset(value: unknown): Ruleset {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  if (!isObject(value)) throw new RulesetError('a ruleset must be a JSON object');
  const r = value;
  for (const key of ['id', 'version', 'area', 'description', 'lawfulBasis', 'withoutConsentBasis'])
    need(isText(r[key]), `${key} must be a non-empty string`);
  need(
    isCount(r.historyWindowMonths) && r.historyWindowMonths > 0,
    'historyWindowMonths must be a positive integer',
  );
  const ids = new Set<string>();
  if (!Array.isArray(r.rules)) problems.push('rules must be a list');
  else
    r.rules.forEach((rule: unknown, i) => {
      if (!isObject(rule)) return problems.push(`rules[${i}] must be an object`);
      const at = `rule ${isText(rule.id) ? rule.id : `#${i}`}`;
      need(isText(rule.id), `rules[${i}].id must be a non-empty string`);
      if (isText(rule.id)) {
        need(!ids.has(rule.id) && rule.id !== 'MARAC', `${at}: id is used twice (or is the reserved MARAC)`);
        ids.add(rule.id);
      }
      need(KINDS.has(rule.kind as string), `${at}: kind must be REFERRAL or NOTIFICATION`);
      need(isText(rule.rationale), `${at}: rationale must be a non-empty string`);
      need(isText(rule.citation), `${at}: citation must cite the protocol paragraph`);
      const name = rule.predicate as string;
      if (!isText(name) || !PREDICATES[name])
        return problems.push(`${at}: names unknown predicate ${String(name)}`);
      const spec = PREDICATE_PARAMETERS[name] ?? {};
      const params = rule.params ?? {};
      if (!isObject(params)) return problems.push(`${at}: params must be an object`);
      for (const [key, type] of Object.entries(spec)) {
        const v = params[key];
        need(
          type === 'number'
            ? isCount(v)
            : Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'),
          `${at}: parameter ${key} of ${name} must be ${type === 'number' ? 'a whole number' : 'a list of strings'}`,
        );
      }
      for (const key of Object.keys(params))
        need(key in spec, `${at}: predicate ${name} takes no parameter ${key}`);
    });
  const due = (v: unknown, at: string) =>
    need(
      isObject(v) &&
        Object.keys(v).length === 1 &&
        ((isCount(v.hours) && v.hours > 0) || (isCount(v.workingDays) && v.workingDays > 0)),
      `${at}.due must be {"hours": N} or {"workingDays": N}`,
    );
  const routes = isObject(r.routes) ? r.routes : {};
  need(isObject(r.routes), 'routes must be an object');
  for (const key of ['childrensSocialCare', 'health', 'gp', 'adultSocialCare', 'adultHealth']) {
    const route = routes[key];
    if (!isObject(route)) problems.push(`routes.${key} must be an object`);
    else due(route.due, `routes.${key}`);
  }
  const csc = isObject(routes.childrensSocialCare) ? routes.childrensSocialCare : {};
  need(
    csc.eventTriageWithoutChild === undefined || typeof csc.eventTriageWithoutChild === 'boolean',
    'routes.childrensSocialCare.eventTriageWithoutChild must be true or false',
  );
  const health = isObject(routes.health) ? routes.health : {};
  need(
    ['FULL', 'ON_RULE', 'NONE'].includes(health.mode as string),
    'routes.health.mode must be FULL, ON_RULE or NONE',
  );
  if (health.mode === 'ON_RULE')
    need(
      isText(health.onRule) && ids.has(health.onRule),
      'routes.health.onRule must name a rule of the ruleset',
    );
  const gp = isObject(routes.gp) ? routes.gp : {};
  need(typeof gp.enabled === 'boolean', 'routes.gp.enabled must be true or false');
  need(
    isCount(gp.minAge) && isCount(gp.maxAge) && gp.minAge <= gp.maxAge,
    'routes.gp needs minAge <= maxAge',
  );
  need(
    KINDS.has(routes.otherRoutesKind as string),
    'routes.otherRoutesKind must be REFERRAL or NOTIFICATION',
  );
  const marac = isObject(r.marac) ? r.marac : {};
  need(isObject(r.marac), 'marac must be an object');
  need(KINDS.has(marac.shareKind as string), 'marac.shareKind must be REFERRAL or NOTIFICATION');
  need(typeof marac.healthRoutes === 'boolean', 'marac.healthRoutes must be true or false');
  need(typeof marac.gpRoute === 'boolean', 'marac.gpRoute must be true or false');
  need(
    isCount(marac.repeatWindowMonths) && marac.repeatWindowMonths > 0,
    'marac.repeatWindowMonths must be positive',
  );
  need(isCount(marac.dueDaysBeforeMeeting), 'marac.dueDaysBeforeMeeting must be a whole number');
  if (problems.length > 0)
    throw new RulesetError(`ruleset ${String(r.id)} is invalid: ${problems.join('; ')}`, 'RULESET_INVALID', {
      problems,
    });
  return value as unknown as Ruleset;
}

/** Checks an area directory read from data: its area, teams with ids and known services, children's services among them. */
export function validateDirectory(value: unknown): AreaDirectory {
  const problems: string[] = [];
  if (!isObject(value)) throw new RulesetError('a directory must be a JSON object', 'DIRECTORY_INVALID');
  if (!isText(value.area)) problems.push('area must be a non-empty string');
  if (!Array.isArray(value.teams)) problems.push('teams must be a list');
  else {
    const ids = new Set<string>();
    value.teams.forEach((t: unknown, i) => {
      if (!isObject(t) || !isText(t.teamId)) return problems.push(`teams[${i}] needs a teamId`);
      if (ids.has(t.teamId)) problems.push(`team ${t.teamId} is listed twice`);
      ids.add(t.teamId);
      if (!SERVICES.has(t.service as string))
        problems.push(`team ${t.teamId} has unknown service ${String(t.service)}`);
    });
    if (!value.teams.some((t: unknown) => isObject(t) && t.service === 'CHILDRENS_SOCIAL_CARE'))
      problems.push(
        "teams must include a CHILDRENS_SOCIAL_CARE team (every shared child goes to children's services)",
      );
  }
  if (!Array.isArray(value.schools)) problems.push('schools must be a list');
  if (problems.length > 0)
    throw new RulesetError(
      `directory ${String(value.area)} is invalid: ${problems.join('; ')}`,
      'DIRECTORY_INVALID',
      { problems },
    );
  return value as unknown as AreaDirectory;
}
