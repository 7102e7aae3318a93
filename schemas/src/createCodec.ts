import type avro from 'avsc';
import { EVENT_TYPES, loadCatalogue, type EventType, type SchemaVersion } from './catalogue.js';
import { DecodeError } from './DecodeError.js';
import { fingerprintBytes } from './rabinFingerprint.js';
import { validateEvent, type EventProblem } from './validateEvent.js';
import { compileEventCheck } from './compileEventCheck.js';
import type { EventMap } from './generated/types.js';

/** The two marker bytes of Avro single-object encoding. */
export const SOE_MAGIC = [0xc3, 0x01] as const;
const HEADER = 10;

/** A decoded event: its type, the writer version it was written with, and its JSON-form value. */
export interface Decoded<T extends EventType = EventType> {
  readonly type: T;
  readonly writerVersion: number;
  readonly value: EventMap[T];
}

/**
 * Encodes and decodes the hub's events with Avro single-object encoding (C3 01, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema's canonical form, the body). Readers resolve any known writer
 * version to the latest (reader) version; values in memory are the JSON form of docs/domain/events.md.
 *
 * @example
 *   const bytes = codec.encode('IncidentRecorded', incident);
 *   const { type, value } = codec.decode(bytes); // throws DecodeError for unknown or broken bytes
 */
export interface Codec {
  encode<T extends EventType>(type: T, value: EventMap[T]): Uint8Array;
  decode(bytes: Uint8Array): Decoded;
  /** Decodes and checks the type; a different event type is a DecodeError (WRONG_EVENT_TYPE). */
  decodeAs<T extends EventType>(type: T, bytes: Uint8Array): EventMap[T];
  /** Every problem of a JSON body against the latest schema of `type` (empty when valid). */
  validate(type: EventType, json: unknown): EventProblem[];
  /** Whether `validate` would find no problem, in one pass that names none (run it first; `validate` on failure). */
  isValid(type: EventType, json: unknown): boolean;
  /** Every schema version the codec knows. */
  readonly versions: readonly SchemaVersion[];
  /** The reader (latest) version of each event. */
  latest(type: EventType): SchemaVersion;
}

/** Builds the codec over the schema catalogue in `schemas/avro` (or a given set of versions, for tests). */
export function createCodec(versions: readonly SchemaVersion[] = loadCatalogue()): Codec {
  const byFingerprint = new Map<bigint, SchemaVersion>();
  const latest = new Map<EventType, SchemaVersion>();
  for (const v of versions) {
    byFingerprint.set(v.fingerprint, v);
    const current = latest.get(v.event);
    if (!current || current.version < v.version) latest.set(v.event, v);
  }
  const headers = new Map<EventType, Uint8Array>();
  for (const [event, v] of latest) {
    const header = new Uint8Array(HEADER);
    header.set(SOE_MAGIC, 0);
    header.set(fingerprintBytes(v.fingerprint), 2);
    headers.set(event, header);
  }
  const resolvers = new Map<bigint, avro.Resolver>();
  const readerFor = (
    writer: SchemaVersion,
  ): { reader: SchemaVersion; resolver: avro.Resolver | undefined } => {
    const reader = latest.get(writer.event)!;
    if (reader === writer) return { reader, resolver: undefined };
    let resolver = resolvers.get(writer.fingerprint);
    if (!resolver) {
      resolver = reader.type.createResolver(writer.type);
      resolvers.set(writer.fingerprint, resolver);
    }
    return { reader, resolver };
  };
  const latestOf = (type: EventType): SchemaVersion => {
    const v = latest.get(type);
    if (!v) throw new Error(`no schema for event ${type}`);
    return v;
  };

  const decode = (bytes: Uint8Array): Decoded => {
    if (bytes.length < HEADER)
      throw new DecodeError(
        'TRUNCATED',
        `${bytes.length} bytes is shorter than the 10-byte single-object header`,
      );
    if (bytes[0] !== SOE_MAGIC[0] || bytes[1] !== SOE_MAGIC[1])
      throw new DecodeError('BAD_MAGIC', 'not Avro single-object encoding (no C3 01 marker)');
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fp = buf.readBigUInt64LE(2);
    const writer = byFingerprint.get(fp);
    if (!writer)
      throw new DecodeError(
        'UNKNOWN_FINGERPRINT',
        `no known schema has fingerprint ${fp.toString(16).padStart(16, '0')}`,
      );
    const { reader, resolver } = readerFor(writer);
    let value: unknown;
    try {
      value = resolver
        ? reader.type.fromBuffer(buf.subarray(HEADER), resolver)
        : reader.type.fromBuffer(buf.subarray(HEADER));
    } catch (err) {
      throw new DecodeError(
        'INVALID_BODY',
        `the ${writer.event} v${writer.version} body does not decode: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return { type: writer.event, writerVersion: writer.version, value: value as EventMap[EventType] };
  };

  const checks = new Map<EventType, (json: unknown) => boolean>(
    [...latest].map(([event, v]) => [event, compileEventCheck(v.type)]),
  );

  return {
    versions,
    latest: latestOf,
    encode(type, value) {
      const v = latestOf(type);
      const body = v.type.toBuffer(value);
      const out = new Uint8Array(HEADER + body.length);
      out.set(headers.get(type)!, 0);
      out.set(body, HEADER);
      return out;
    },
    decode,
    decodeAs(type, bytes) {
      const decoded = decode(bytes);
      if (decoded.type !== type)
        throw new DecodeError('WRONG_EVENT_TYPE', `expected ${type}, got ${decoded.type}`);
      return decoded.value as EventMap[typeof type];
    },
    validate(type, json) {
      const problems = validateEvent(latestOf(type).type, json);
      if (type === 'ConsentRecorded' && problems.length === 0 && !notSoughtHasReason(json))
        problems.push({
          path: 'reason',
          code: 'REQUIRED_WITH',
          message: 'is required when status is NOT_SOUGHT',
        });
      return problems;
    },
    isValid(type, json) {
      latestOf(type);
      return checks.get(type)!(json) && (type !== 'ConsentRecorded' || notSoughtHasReason(json));
    },
  };
}

/** A consent not sought says why (`reason` is required when `status` is NOT_SOUGHT). */
function notSoughtHasReason(json: unknown): boolean {
  const c = json as { status?: string; reason?: string | null };
  return c.status !== 'NOT_SOUGHT' || Boolean(c.reason);
}

export { EVENT_TYPES };
