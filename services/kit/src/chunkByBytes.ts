/** Splits messages, in order, into runs whose values add up to at most `maxBytes` (a larger message goes alone). */
export function chunkByBytes<T extends { readonly value: Uint8Array }>(
  messages: readonly T[],
  maxBytes: number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (current.length > 0 && bytes + m.value.byteLength > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += m.value.byteLength;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
