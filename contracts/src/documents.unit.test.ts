import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandedSchema, loadCatalogue, STRING_FORMATS } from '@sharehub/schemas';

const contracts = fileURLToPath(new URL('../', import.meta.url));
const topicsFile = fileURLToPath(new URL('../topics.json', import.meta.url));
const topics = (
  JSON.parse(readFileSync(topicsFile, 'utf8')) as { topics: Array<{ name: string; value: string }> }
).topics;

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3 for a real parser, with every Avro message schema resolved', async () => {
    const parser = new Parser();
    parser.registerSchemaParser(AvroSchemaParser());
    const { document, diagnostics } = await fromFile(parser, join(contracts, 'asyncapi.yaml')).parse();
    const errors = diagnostics.filter((d) => Number(d.severity) === 0);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual(topics.map((t) => t.name).sort());
    // The parser takes seconds on a loaded 2-core machine; this is a correctness check, not a timing one.
  }, 30_000);

  it('names every topic of contracts/topics.json with its message, and no other', () => {
    const doc = parse(readFileSync(join(contracts, 'asyncapi.yaml'), 'utf8')) as {
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    };
    const declared = Object.values(doc.channels)
      .map((c) => `${c.address}:${Object.keys(c.messages).join(',')}`)
      .sort();
    expect(declared).toEqual(topics.map((t) => `${t.name}:${t.value}`).sort());
  });

  it('uses message schemas that match the latest schemas in schemas/avro (npm run expand-schemas)', () => {
    const latest = new Map<string, ReturnType<typeof loadCatalogue>[number]>();
    for (const v of loadCatalogue())
      if ((latest.get(v.event)?.version ?? 0) < v.version) latest.set(v.event, v);
    for (const [event, v] of latest) {
      const file = JSON.parse(readFileSync(join(contracts, 'avro', `${event}.avsc`), 'utf8')) as unknown;
      expect(file, event).toEqual(expandedSchema(v.type));
    }
  });
});

describe('the OpenAPI document', () => {
  it('is checked by a validator that does refuse a broken document', async () => {
    const broken = parse(readFileSync(join(contracts, 'openapi.yaml'), 'utf8')) as { info: unknown };
    broken.info = 'not an info object';
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
  });

  it('is valid OpenAPI 3.1 for a real parser, and documents the gateway', async () => {
    const result = await validate(join(contracts, 'openapi.yaml'));
    expect(result.valid ? [] : result.errors).toEqual([]);
    const doc = parse(readFileSync(join(contracts, 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/v1/incidents',
      '/v1/care-plans',
      '/v1/marac-listings',
      '/v1/consent',
      '/v1/events:batch',
      '/healthz',
      '/readyz',
      '/metrics',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});

describe('the string formats of published events', () => {
  it('are documented in the OpenAPI document exactly as the validator applies them', () => {
    const schemas = (
      parse(readFileSync(join(contracts, 'openapi.yaml'), 'utf8')) as {
        components: { schemas: Record<string, { pattern?: string; maxLength?: number }> };
      }
    ).components.schemas;
    const documented = {
      uuid: 'Uuid',
      identifier: 'Identifier',
      postcode: 'Postcode',
      line: 'TextLine',
      text: 'FreeText',
    };
    for (const [format, { pattern, maxLength }] of Object.entries(STRING_FORMATS))
      expect(schemas[documented[format as keyof typeof documented]], format).toMatchObject({
        pattern,
        maxLength,
      });
  });
});
