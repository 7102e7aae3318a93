import { join } from 'node:path';
import { signDevToken } from '@sharehub/kit/auth';
import { LOCAL_KAFKA, LOCAL_S3 } from './localServers.js';
import { infraDir } from './paths.js';
import { SERVICES } from './services.js';

/** The example incident a newcomer can publish (a golden example of the contracts package). */
export const EXAMPLE_INCIDENT = 'contracts/examples/valid/incident-trafford.json';

/**
 * Prints what is running, a development token per role (each for the service its role uses: `audienceForRole`), and
 * a request to paste, once the hub is up; with the development OpenID provider at `issuer`, how to sign in there.
 */
export async function printWelcome(running: readonly string[], issuer?: string): Promise<void> {
  const keys = join(infraDir, 'keys');
  const tokens = {
    publisher: await signDevToken(keys, { role: 'publisher', org: 'GMP', areas: ['trafford'] }),
    recipient: await signDevToken(keys, {
      role: 'recipient',
      org: 'tr-csc-first-response',
      areas: ['trafford'],
    }),
    triage: await signDevToken(keys, {
      role: 'recipient',
      org: 'tr-safeguarding-families',
      areas: ['trafford'],
    }),
    auditor: await signDevToken(keys, { role: 'auditor', org: 'trafford-ig', areas: ['trafford', 'kent'] }),
    admin: await signDevToken(keys, {
      role: 'admin',
      org: 'trafford-safeguarding-families',
      areas: ['trafford'],
    }),
  };
  const urlOf = (name: string) => SERVICES.find((s) => s.name === name)?.url;
  const lines = [
    '',
    'sharehub is up. Ctrl-C stops everything.',
    `  kafka   ${LOCAL_KAFKA}`,
    `  s3      ${LOCAL_S3}`,
    ...SERVICES.filter((s) => running.includes(s.name)).map(
      (s) => `  ${s.name.padEnd(7)} ${s.url ?? '(no HTTP)'}  ${s.what}`,
    ),
  ];
  if (running.length === 0)
    lines.push('  (no service has been built yet: only the broker and the S3 server run)');
  lines.push(
    '',
    'Development tokens, each for the service its role uses (valid 1 h; more with',
    '`npm run -s token -- --role ROLE --org ORG --area AREA`):',
    `  publisher (GMP, trafford), gateway:               ${tokens.publisher}`,
    `  recipient (tr-csc-first-response), inbox:         ${tokens.recipient}`,
    `  triage team (tr-safeguarding-families), inbox:    ${tokens.triage}`,
    `  auditor (trafford, kent), audit:                  ${tokens.auditor}`,
    `  admin (Safeguarding Families, trafford), inbox:   ${tokens.admin}`,
  );
  if (running.includes('gateway')) {
    lines.push(
      '',
      'Publish an incident (paste in another terminal at the repository root):',
      `  curl -i -X POST ${urlOf('gateway')}/v1/incidents -H "Authorization: Bearer $(npm run -s token -- --role publisher --org GMP --area trafford)" -H 'Content-Type: application/json' --data @${EXAMPLE_INCIDENT}`,
    );
  }
  if (issuer) {
    lines.push(
      '',
      `Sign-in: the development OpenID provider at ${issuer} (password sharehub-dev for everyone; its login page`,
      'lists the people: one per team, e.g. tr-csc-first-response, tr-hv-central; tr-safeguarding-families;',
      'trafford-ig; trafford-operator). Forces and MARAC systems get tokens by client credentials (docs/sign-in.md).',
    );
    if (running.includes('inbox'))
      lines.push(
        `Then open ${urlOf('inbox')}/inbox and sign in as tr-csc-first-response (Children's First Response receives`,
        `every trafford share about a child); the triage queue is ${urlOf('inbox')}/triage as tr-safeguarding-families.`,
      );
    if (running.includes('audit'))
      lines.push(`The IG pages: open ${urlOf('audit')}/ig and sign in as trafford-ig.`);
  } else {
    if (running.includes('inbox'))
      lines.push(
        '',
        `Then open ${urlOf('inbox')}/ and sign in with the recipient token (Children's First Response receives`,
        `every trafford share about a child); the triage queue is ${urlOf('inbox')}/triage with the triage token.`,
      );
    if (running.includes('audit'))
      lines.push('', `The IG pages: open ${urlOf('audit')}/ig and sign in with the auditor token.`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
