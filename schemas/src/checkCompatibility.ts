import type { SchemaVersion } from './catalogue.js';

/** A pair of versions of one event that cannot read each other's data. */
export interface CompatibilityProblem {
  readonly event: string;
  readonly writer: number;
  readonly reader: number;
  readonly message: string;
}

/**
 * Transitive full compatibility: for every event, every version must read data written by every other version
 * (backward and forward), checked by Avro schema resolution and by `samples` random values per pair
 * round-tripped through the resolver.
 */
export function checkCompatibility(versions: readonly SchemaVersion[], samples = 25): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  const byEvent = new Map<string, SchemaVersion[]>();
  for (const v of versions) byEvent.set(v.event, [...(byEvent.get(v.event) ?? []), v]);
  for (const [event, list] of byEvent) {
    for (const writer of list) {
      for (const reader of list) {
        if (writer === reader) continue;
        try {
          const resolver = reader.type.createResolver(writer.type);
          for (let i = 0; i < samples; i++) {
            const value: unknown = writer.type.random();
            reader.type.fromBuffer(writer.type.toBuffer(value), resolver);
          }
        } catch (err) {
          problems.push({
            event,
            writer: writer.version,
            reader: reader.version,
            message: `${event} v${reader.version} cannot read v${writer.version}: ${(err as Error).message}`,
          });
        }
      }
    }
  }
  return problems;
}
