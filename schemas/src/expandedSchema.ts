import type avro from 'avsc';

/** Splits a full name (`a.b.C`) into the Avro `namespace` and short `name` fields, recursively. */
function splitNames(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(splitNames);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'name' || k === 'namespace' ? v : splitNames(v);
  const name = out.name;
  if (
    typeof name === 'string' &&
    name.includes('.') &&
    typeof out.type === 'string' &&
    ['record', 'enum', 'fixed'].includes(out.type)
  ) {
    const dot = name.lastIndexOf('.');
    const ordered: Record<string, unknown> = {
      type: out.type,
      name: name.slice(dot + 1),
      namespace: name.slice(0, dot),
    };
    for (const [k, v] of Object.entries(out)) if (!(k in ordered)) ordered[k] = v;
    return ordered;
  }
  return out;
}

/** A self-contained schema for one event: every shared named type inlined, names split into name and namespace. */
export function expandedSchema(type: avro.Type): unknown {
  return splitNames(type.schema({ exportAttrs: true }));
}
