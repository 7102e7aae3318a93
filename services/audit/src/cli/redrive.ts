#!/usr/bin/env node
// `npm run -s redrive -- --token TOKEN [options]`: lists the dead letters an operator (admin role) may re-drive, or
// re-drives named ones or every waiting one of a reason code, through the audit service's operator API (so the
// same area checks and REDRIVEN records apply). Prints the API's JSON answer on stdout; exits 0 when it answered
// 200, 1 when it refused (its problem on stderr), 2 when it cannot run.
import { parseArgs } from 'node:util';
import { ConfigError } from '@sharehub/kit';
import { readAuditConfig } from '../config.js';

const USAGE = `usage: npm run -s redrive -- --token TOKEN [--url URL] ACTION
  --token TOKEN         an admin token (npm run -s token -- --role admin --org ORG --area AREA)
  --url URL             the audit service (default http://AUDIT_HOST:AUDIT_PORT)
ACTION, one of:
  --list [--reason-code CODE] [--topic TOPIC] [--all]   the dead letters of your areas (--all: re-driven ones too)
  --id ID [--id ID…] --reason WHY                     re-drive these, once each
  --reason-code CODE [--topic TOPIC] --reason WHY      re-drive every waiting one of that reason code`;

const fail = (message: string): never => {
  process.stderr.write(`redrive: ${message}\n`);
  process.exit(2);
};

let values: Record<string, string | boolean | string[] | undefined> = {};
try {
  values = parseArgs({
    options: {
      token: { type: 'string' },
      url: { type: 'string' },
      list: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      id: { type: 'string', multiple: true },
      'reason-code': { type: 'string' },
      topic: { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (typeof values.token !== 'string') fail(`--token is needed\n${USAGE}`);
let base = typeof values.url === 'string' ? values.url : '';
if (!base) {
  try {
    const config = readAuditConfig();
    base = `http://${config.AUDIT_HOST}:${config.AUDIT_PORT}`;
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
}
const str = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
const headers = { authorization: `Bearer ${values.token as string}` };

let res: Response;
try {
  if (values.list) {
    const q = new URLSearchParams();
    if (str('reason-code')) q.set('reasonCode', str('reason-code')!);
    if (str('topic')) q.set('topic', str('topic')!);
    if (values.all) q.set('state', 'all');
    res = await fetch(`${base}/v1/operator/dead-letters?${q.toString()}`, { headers });
  } else {
    if (!values.id && !str('reason-code')) fail(`say --list, --id or --reason-code\n${USAGE}`);
    res = await fetch(`${base}/v1/operator/dead-letters/redrive`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        reason: str('reason') ?? '',
        ...(values.id ? { ids: values.id } : { reasonCode: str('reason-code') }),
        ...(str('topic') ? { topic: str('topic') } : {}),
      }),
    });
  }
} catch (err) {
  fail(`the audit service at ${base} did not answer: ${(err as Error).message}`);
}
const text = await res!.text();
if (res!.ok) {
  process.stdout.write(`${text}\n`);
  process.exit(0);
}
process.stderr.write(`redrive: refused (${res!.status}): ${text}\n`);
process.exit(1);
