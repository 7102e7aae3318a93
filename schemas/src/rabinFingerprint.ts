/** The CRC-64-AVRO (Rabin) empty value and its table, from the Avro specification ("Schema Fingerprints"). */
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = 0xffffffffffffffffn;

const TABLE: bigint[] = (() => {
  const table: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i);
    for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n) & MASK);
    table.push(fp & MASK);
  }
  return table;
})();

/** The 64-bit CRC-64-AVRO fingerprint of the UTF-8 bytes of `text` (a schema's Parsing Canonical Form). */
export function rabinFingerprint(text: string): bigint {
  let fp = EMPTY;
  for (const byte of new TextEncoder().encode(text))
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(byte)) & 0xffn)]!;
  return fp & MASK;
}

/** The fingerprint as the 8 little-endian bytes single-object encoding puts on the wire. */
export function fingerprintBytes(fp: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, fp, true);
  return out;
}

/** The fingerprint as 16 hex digits (big-endian), for catalogues, logs and the lockfile. */
export function fingerprintHex(fp: bigint): string {
  return fp.toString(16).padStart(16, '0');
}
