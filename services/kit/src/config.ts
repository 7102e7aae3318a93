import { z } from 'zod';
import { ConfigError, type FieldProblem } from './errors.js';

export { z };

/** Secret settings: their values are replaced by this in `describeConfig` output. */
const REDACTED = '[secret]';

/**
 * Reads a service's settings once: validates `env` against a closed zod schema of environment variable
 * names, applies defaults, reports every problem at once, and returns a frozen, typed object.
 *
 * @example
 *   const config = loadConfig(z.object({ PORT: z.coerce.number().default(8080) }), process.env);
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<z.infer<S>> {
  const known = Object.keys(schema.shape);
  const input: Record<string, string> = {};
  for (const name of known) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems: FieldProblem[] = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      code: issue.code.toUpperCase(),
      message: issue.message,
    }));
    throw new ConfigError(problems);
  }
  return Object.freeze(result.data);
}

/** The config as it may be logged: every key named in `secrets` is masked. */
export function describeConfig(
  config: Record<string, unknown>,
  secrets: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, secrets.includes(k) && v !== undefined ? REDACTED : v]),
  );
}

/** Comma-separated list setting, e.g. `KAFKA_BROKERS=a:9092,b:9092`. */
export const csv = () =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(z.string()).min(1));

/** Boolean setting written as true/false/1/0. */
export const flag = () => z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');
