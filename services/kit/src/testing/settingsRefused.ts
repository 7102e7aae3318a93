import { ConfigError } from '../errors.js';

/** The settings a config reader refuses (each once, in order), or none; any error but a ConfigError is thrown on. */
export function settingsRefused(read: () => unknown): string[] {
  try {
    read();
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return [...new Set(err.problems.map((p) => p.path))];
  }
}
