import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import avro from 'avsc';
import { LOGICAL_TYPES } from './logicalTypes.js';
import { fingerprintHex, rabinFingerprint } from './rabinFingerprint.js';

/** The events of the hub, by the name of their Avro record. */
export const EVENT_TYPES = [
  'IncidentRecorded',
  'CarePlanIssued',
  'MaracListed',
  'ConsentRecorded',
  'ShareDecision',
  'ShareNotification',
  'TriageRequired',
  'NotificationAcknowledged',
  'NotificationEscalated',
  'AuditRecord',
  'DeadLetter',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One version of one event's schema, parsed, with its fingerprint. */
export interface SchemaVersion {
  readonly event: EventType;
  readonly version: number;
  readonly type: avro.Type;
  /** The Parsing Canonical Form (what the fingerprint is taken over). */
  readonly canonical: string;
  readonly fingerprint: bigint;
  readonly fingerprintHex: string;
  readonly file: string;
}

/** Where the .avsc files live (`schemas/avro`). */
export const AVRO_DIR = fileURLToPath(new URL('../avro/', import.meta.url));
/** Shared named types, registered (in this order) before each event schema is parsed. */
const COMMON_FILES = ['Enums', 'Location', 'Victim', 'Perpetrator', 'Child', 'Refs', 'Payload'];

/** Parses one schema (an event file's JSON) with the common types and the hub's logical types. */
export function parseSchema(schema: unknown, avroDir = AVRO_DIR): avro.Type {
  const registry: Record<string, avro.Type> = {};
  const opts = { registry, logicalTypes: LOGICAL_TYPES, wrapUnions: false as const };
  for (const name of COMMON_FILES) {
    const types = JSON.parse(readFileSync(join(avroDir, 'common', `${name}.avsc`), 'utf8')) as avro.Schema[];
    for (const t of types) avro.Type.forSchema(t, opts);
  }
  return avro.Type.forSchema(schema as avro.Schema, opts);
}

/** Builds a SchemaVersion from a parsed type. */
export function describeVersion(
  event: EventType,
  version: number,
  type: avro.Type,
  file: string,
): SchemaVersion {
  const canonical = JSON.stringify(type.schema()); // avsc renders the Parsing Canonical Form when no attributes are exported
  const fingerprint = rabinFingerprint(canonical);
  return { event, version, type, canonical, fingerprint, fingerprintHex: fingerprintHex(fingerprint), file };
}

/** Every schema version in `avroDir`, e.g. `IncidentRecorded.v2.avsc`, parsed and fingerprinted. */
export function loadCatalogue(avroDir = AVRO_DIR): SchemaVersion[] {
  const versions: SchemaVersion[] = [];
  for (const file of readdirSync(avroDir).sort()) {
    const m = /^([A-Za-z]+)\.v(\d+)\.avsc$/.exec(file);
    if (!m) continue;
    const event = m[1] as EventType;
    if (!(EVENT_TYPES as readonly string[]).includes(event))
      throw new Error(`${file}: unknown event ${event}`);
    const type = parseSchema(JSON.parse(readFileSync(join(avroDir, file), 'utf8')), avroDir);
    versions.push(describeVersion(event, Number(m[2]), type, file));
  }
  return versions;
}
