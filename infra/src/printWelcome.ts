import { LOCAL_KAFKA, LOCAL_S3 } from './localServers.js';
import { SERVICES } from './services.js';

/** Prints what is running and what to open, once the hub is up. */
export async function printWelcome(running: readonly string[]): Promise<void> {
  const lines = [
    '',
    'sharehub is up. Ctrl-C stops everything.',
    `  Kafka   ${LOCAL_KAFKA}`,
    `  S3      ${LOCAL_S3}`,
    ...SERVICES.filter((s) => running.includes(s.name)).map(
      (s) => `  ${s.name.padEnd(7)} ${s.url ?? '(no HTTP)'}  ${s.what}`,
    ),
  ];
  if (running.length === 0)
    lines.push('  (no service has been built yet: only the broker and the S3 server run)');
  process.stdout.write(lines.join('\n') + '\n');
  return Promise.resolve();
}
