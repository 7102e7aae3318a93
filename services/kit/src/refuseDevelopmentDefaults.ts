import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { devKeyPaths } from './auth/devKeys.js';
import { z } from './config.js';
import { ConfigError, type FieldProblem } from './errors.js';

/** `NODE_ENV`, in every service's config: `production` turns on {@link refuseDevelopmentDefaults}. */
export const nodeEnv = () => z.string().default('development');

/**
 * Says why a production service must not run with a setting's value, or nothing when the value will do; `config` (the
 * whole validated config) lets a rule depend on another setting.
 */
export type ProductionRule = (
  value: unknown,
  config?: Readonly<Record<string, unknown>>,
) => string | undefined;

/** The published secret of the keyed hash behind Kafka keys: development only. */
export const DEV_KEY_HASH_SECRET = 'sharehub-development-key-hash-secret';

/** The rules each service applies to its settings in production (docs/SECURITY.md, What production must set). */
export const productionRules = {
  /** Not the value a development checkout defaults to (e.g. a key under `infra/keys`, a published secret). */
  notDevelopmentDefault:
    (developmentValue: string, what: string): ProductionRule =>
    (value) =>
      typeof value === 'string' && resolveIfPath(value) === resolveIfPath(developmentValue)
        ? `is the development ${what}; set this deployment's own`
        : undefined,
  /** A JWKS over https, or a file with no development signing key beside it. */
  jwksSource: ((value) => {
    if (typeof value !== 'string') return 'is not set';
    if (/^http:/i.test(value))
      return 'is a plain-http JWKS URL: the keys could be swapped on the way; use https';
    if (/^https:/i.test(value)) return undefined;
    return existsSync(devKeyPaths(dirname(resolve(value))).privateJwk)
      ? 'is the development JWKS (the development signing key sits beside it)'
      : undefined;
  }) satisfies ProductionRule,
  /** S3 credentials that are set and are not the local servers' `local`. */
  s3Credential: ((value) =>
    value === undefined
      ? 'is not set, so S3 requests would be signed with the local servers\' "local" credentials'
      : value === 'local'
        ? 'is the local S3 servers\' "local" credential'
        : undefined) satisfies ProductionRule,
  /** A flag that must be on (e.g. cookies sent over https only). */
  mustBeOn:
    (why: string): ProductionRule =>
    (value) =>
      value === true ? undefined : `must be true in production: ${why}`,
  /** A key file that is already there: production keys are provisioned, never generated on start. */
  existingFile:
    (what: string): ProductionRule =>
    (value) =>
      typeof value === 'string' && existsSync(value)
        ? undefined
        : `names no file: in production the ${what} is provisioned, never generated on start`,
} as const;

/**
 * With `NODE_ENV=production`, refuses to start on any development default: throws a ConfigError naming every setting
 * whose value a rule refuses (and why). In any other environment it does nothing.
 *
 * @example
 *   refuseDevelopmentDefaults(config, { KEY_HASH_SECRET: [productionRules.notDevelopmentDefault(DEV_KEY_HASH_SECRET, 'secret')] });
 */
export function refuseDevelopmentDefaults<C extends { readonly NODE_ENV: string }>(
  config: C,
  rules: { readonly [K in keyof C]?: readonly ProductionRule[] },
): void {
  if (config.NODE_ENV !== 'production') return;
  const problems: FieldProblem[] = [];
  for (const [setting, settingRules] of Object.entries(rules) as Array<[keyof C & string, ProductionRule[]]>)
    for (const rule of settingRules) {
      const why = rule(config[setting], config);
      if (why) problems.push({ path: setting, code: 'DEVELOPMENT_DEFAULT', message: why });
    }
  if (problems.length > 0) throw new ConfigError(problems);
}

function resolveIfPath(value: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : resolve(value);
}
