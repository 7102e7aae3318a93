#!/usr/bin/env node
// `npm run -s token -- --role ROLE --org ORG --area AREA [--area AREA2] [--expires 1h] [--audience AUD] [--dev-keys]`:
// prints a development token for the service its role uses (publisher: gateway, recipient: inbox, auditor and admin:
// audit). When the development OpenID provider runs (`npm start`, port DEV_IDP_PORT, default 8083) it asks it, by the
// client-credentials grant; otherwise, or with --expires, --audience or --dev-keys (which the provider does not
// do), it signs one with the local development key (created in infra/keys on first use; never committed).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ensureDevKeys, ROLES, SERVICE_AUDIENCES, signDevToken, type Role } from '@sharehub/kit/auth';
import { infraDir } from '../paths.js';
import { requestDevProviderToken } from '../devIdentityProvider/requestDevProviderToken.js';
import { DEV_IDP_PORT } from '../devIdentityProvider/devClients.js';

const usage = [
  'usage: npm run -s token -- --role publisher|recipient|auditor|admin --org ORG --area AREA [--area AREA]',
  `         [--expires 1h] [--audience ${Object.values(SERVICE_AUDIENCES).join('|')}] [--dev-keys]`,
  'From the development OpenID provider when `npm start` runs it; else, or with --expires, --audience or --dev-keys,',
  'signed with the development key.',
  'The token is for the service the role uses (publisher: gateway, recipient: inbox, auditor and admin: audit);',
  'the services refuse a token older than an hour (AUTH_MAX_TOKEN_AGE_SECONDS) whatever --expires says.',
].join('\n');
let values: {
  role?: string;
  org?: string;
  area?: string[];
  expires?: string;
  audience?: string[];
  'dev-keys'?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      area: { type: 'string', multiple: true },
      expires: { type: 'string' },
      audience: { type: 'string', multiple: true },
      'dev-keys': { type: 'boolean' },
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
const fromProvider =
  values.expires || values.audience || values['dev-keys']
    ? undefined
    : await requestDevProviderToken(`http://127.0.0.1:${process.env.DEV_IDP_PORT || DEV_IDP_PORT}`, {
        role: values.role as Role,
        org: values.org,
        areas: values.area ?? [],
      });
if (fromProvider) {
  process.stdout.write(`${fromProvider}\n`);
  process.exit(0);
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
