#!/usr/bin/env node
// `npm run -s token -- --role ROLE --org ORG --area AREA [--area AREA2] [--expires 1h] [--audience AUD]`: prints a
// development token signed by the local development key (created in infra/keys on first use; never committed), for
// the service its role uses (publisher: gateway, recipient: inbox, auditor and admin: audit) unless --audience says.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ensureDevKeys, ROLES, SERVICE_AUDIENCES, signDevToken, type Role } from '@sharehub/kit/auth';
import { infraDir } from '../paths.js';

const usage = [
  'usage: npm run -s token -- --role publisher|recipient|auditor|admin --org ORG --area AREA [--area AREA]',
  `         [--expires 1h] [--audience ${Object.values(SERVICE_AUDIENCES).join('|')}]`,
  'The token is for the service the role uses (publisher: gateway, recipient: inbox, auditor and admin: audit);',
  'the services refuse a token older than an hour (AUTH_MAX_TOKEN_AGE_SECONDS) whatever --expires says.',
].join('\n');
let values: { role?: string; org?: string; area?: string[]; expires?: string; audience?: string[] };
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      area: { type: 'string', multiple: true },
      expires: { type: 'string' },
      audience: { type: 'string', multiple: true },
    },
    strict: true,
  }));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${usage}\n`);
  process.exit(2);
}
if (!values.role || !(ROLES as readonly string[]).includes(values.role) || !values.org) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const dir = join(infraDir, 'keys');
await ensureDevKeys(dir);
const token = await signDevToken(dir, {
  role: values.role as Role,
  org: values.org,
  areas: values.area ?? [],
  ...(values.expires ? { expiresIn: values.expires } : {}),
  ...(values.audience ? { audience: values.audience } : {}),
});
process.stdout.write(`${token}\n`);
