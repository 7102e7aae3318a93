import avro from 'avsc';

/** Called for each present value of an event with its schema type (never a union) and its path parts. */
export type EventVisitor = (type: avro.Type, value: unknown, parts: string[]) => void;

/**
 * Walks a JSON event beside its Avro schema, depth first: every present (non-null) value is visited with its type
 * and path, then the walk goes into a record's declared fields, an array's items, and a union's non-null branch.
 */
export function walkEvent(type: avro.Type, value: unknown, parts: string[], visit: EventVisitor): void {
  if (value === null || value === undefined) return;
  if (avro.Type.isType(type, 'union:unwrapped')) {
    const inner = (type as avro.types.UnwrappedUnionType).types.find((t) => !avro.Type.isType(t, 'null'));
    if (inner) walkEvent(inner, value, parts, visit);
    return;
  }
  visit(type, value, parts);
  if (avro.Type.isType(type, 'record') && typeof value === 'object' && !Array.isArray(value)) {
    for (const field of (type as avro.types.RecordType).fields)
      walkEvent(field.type, (value as Record<string, unknown>)[field.name], [...parts, field.name], visit);
  } else if (avro.Type.isType(type, 'array') && Array.isArray(value)) {
    value.forEach((item, i) =>
      walkEvent((type as avro.types.ArrayType).itemsType, item, [...parts, String(i)], visit),
    );
  }
}
