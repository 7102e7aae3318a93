import avro from 'avsc';
import type { Codec, EventType } from '@sharehub/schemas';

type Schema = { type?: unknown; name?: string; fields?: Array<{ name: string; type: unknown }> };

/** The writer schema cut down to the record fields along `path`, with the writer's names (so avsc resolves it). */
function prune(schema: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return schema;
  const record = schema as Schema;
  if (record.type !== 'record' || !record.fields)
    throw new Error(`createFieldReader: ${path.join('.')} is not under a record`);
  const field = record.fields.find((f) => f.name === path[0]);
  if (!field) throw new Error(`createFieldReader: no field ${path[0]}`);
  return { ...record, fields: [{ name: field.name, type: prune(field.type, path.slice(1)) }] };
}

/**
 * Reads one field (a path of record fields, e.g. `source.eventId`) of events of `type` without decoding the rest: an
 * Avro reader schema holding only that path, resolved against the writer's, skips every other field. Bytes written
 * with another version of the schema are decoded in full through the codec.
 *
 * @example
 *   const eventIdOf = createFieldReader(codec, 'ShareDecision', ['source', 'eventId']);
 *   eventIdOf(message.value); // the source event's id
 */
export function createFieldReader(
  codec: Codec,
  type: EventType,
  path: readonly string[],
): (bytes: Uint8Array) => string {
  const writer = codec.latest(type);
  const reader = avro.Type.forSchema(prune(writer.type.schema(), path) as avro.Schema);
  const resolver = reader.createResolver(writer.type);
  const pick = (value: unknown) =>
    String(path.reduce<unknown>((v, name) => (v as Record<string, unknown>)[name], value));
  return (bytes) => {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 10 || buf.readBigUInt64LE(2) !== writer.fingerprint)
      return pick(codec.decodeAs(type, bytes));
    return pick(reader.fromBuffer(buf.subarray(10), resolver));
  };
}
