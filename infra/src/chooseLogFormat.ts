import { ConfigError } from '@sharehub/kit';

/** How `npm start` shows the services' log lines: pino-pretty for a person at a terminal, else the JSON as written. */
export type LogFormat = 'pretty' | 'json';

/**
 * Pretty when stdout is a terminal, JSON when it is a pipe or file (so a log shipper or `jq` gets the lines
 * unchanged); `LOG_FORMAT=pretty|json` overrides either way.
 */
export function chooseLogFormat(stdoutIsTTY: boolean, requested?: string): LogFormat {
  if (requested === undefined || requested === '') return stdoutIsTTY ? 'pretty' : 'json';
  if (requested === 'pretty' || requested === 'json') return requested;
  throw new ConfigError([
    { path: 'LOG_FORMAT', code: 'INVALID_VALUE', message: `must be "pretty" or "json", not "${requested}"` },
  ]);
}
