import { CHECKOUT_ROOT } from '@sharehub/kit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Every route of the IG API is in contracts/openapi.yaml (validated there by a real OpenAPI parser).
describe('contracts/openapi.yaml', () => {
  it('documents every route of the IG API with its auditor-only 403', () => {
    const doc = parse(readFileSync(join(CHECKOUT_ROOT, 'contracts', 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    for (const path of [
      '/v1/audit/records',
      '/v1/audit/records/{auditId}',
      '/v1/audit/checkpoints/latest',
      '/v1/audit/checkpoints/keys',
      '/v1/audit/consistency',
      '/v1/audit/subject-access/{personId}',
    ]) {
      expect(doc.paths[path]?.get?.responses, path).toHaveProperty('403');
    }
  });
});
