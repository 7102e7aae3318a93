import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Field paths that may carry personal data (names, dates of birth, free text). pino removes them from
 * every log line; the hub also never logs an event body, so this is the second line of defence.
 */
export const PERSONAL_DATA_PATHS: readonly string[] = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'summary',
  'reason',
  'body',
  'payload',
  'victim',
  'perpetrator',
  'children',
  '*.givenName',
  '*.familyName',
  '*.dateOfBirth',
  '*.summary',
  '*.body',
  '*.payload',
  '*.victim',
  '*.perpetrator',
  '*.children',
  'req.body',
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
];

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  readonly destination?: NodeJS.WritableStream;
}

/** A structured pino logger with `service` at the root and personal-data paths removed. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service },
      redact: { paths: [...PERSONAL_DATA_PATHS], remove: true },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
}
