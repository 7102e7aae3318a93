import { verifyCheckpoint, type BlobStore } from '@sharehub/audit-log';
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  importJWK,
  type JWK,
} from 'jose';
import { AuditStateError } from '../errors.js';
import { latestCheckpointKey } from './latestCheckpointKey.js';

/** The `typ` of a key introduction: a public checkpoint key, signed by the key that introduces it. */
export const KEY_INTRODUCTION_TYP = 'audit-key+json';

/** A checkpoint key as the signing side holds it. */
export interface CheckpointSigner {
  readonly kid: string;
  readonly privateJwk: JWK;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Where the key introductions of a log live in the bucket: `keys/<logId>/<kid>.jws`. */
export function keyPrefix(logId: string): string {
  return `keys/${logId}/`;
}

/** The public half of an Ed25519 private JWK, as a JWKS holds it. */
export function publicOf(privateJwk: JWK): JWK {
  const { kty, crv, x, kid } = privateJwk;
  return { kty, crv, x, kid, alg: 'EdDSA', use: 'sig' };
}

/**
 * Keeps a public checkpoint key with the log (ADR 0030): `keys/<logId>/<kid>.jws`, a JWS over `{logId, key}` signed
 * by `signer`, the key that introduces it (the previous key on a rotation; the key itself for the first key of a
 * log, which only a verifier configured with it trusts). Idempotent: a key already kept is left as it is.
 */
export async function keepKey(
  blobs: BlobStore,
  logId: string,
  publicJwk: JWK,
  signer: CheckpointSigner,
): Promise<void> {
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const key = `${keyPrefix(logId)}${kid}.jws`;
  if (await blobs.get(key)) return;
  const jws = await new CompactSign(encoder.encode(JSON.stringify({ logId, key: { ...publicJwk, kid } })))
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.kid, typ: KEY_INTRODUCTION_TYP })
    .sign(await importJWK(signer.privateJwk, 'EdDSA'));
  await blobs.put(key, encoder.encode(jws), { contentType: 'application/jose' });
}

/**
 * Every checkpoint key of a log a verifier may trust: the keys it is configured with (the anchors), then every key
 * kept in the bucket that a trusted key introduced, and so on along the chain of rotations. A kept key whose
 * introduction does not verify, or is signed by no trusted key, is not trusted.
 */
export async function trustedCheckpointKeys(
  blobs: BlobStore,
  logId: string,
  anchors: readonly JWK[],
): Promise<{ keys: JWK[] }> {
  const trusted = new Map<string, JWK>();
  for (const jwk of anchors) trusted.set(jwk.kid ?? (await calculateJwkThumbprint(jwk, 'sha256')), jwk);
  const pending: string[] = [];
  for (const key of await blobs.list(keyPrefix(logId))) {
    const bytes = await blobs.get(key);
    if (bytes) pending.push(decoder.decode(bytes));
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const jws of [...pending]) {
      const introduced = await introducedKey(jws, logId, trusted);
      if (!introduced) continue;
      pending.splice(pending.indexOf(jws), 1);
      if (!trusted.has(introduced.kid!)) {
        trusted.set(introduced.kid!, introduced);
        grew = true;
      }
    }
  }
  return { keys: [...trusted.values()] };
}

async function introducedKey(
  jws: string,
  logId: string,
  trusted: Map<string, JWK>,
): Promise<JWK | undefined> {
  try {
    const { kid, typ } = decodeProtectedHeader(jws);
    const signer = kid === undefined ? undefined : trusted.get(kid);
    if (!signer || typ !== KEY_INTRODUCTION_TYP) return undefined;
    const { payload } = await compactVerify(jws, await importJWK(signer, 'EdDSA'), { algorithms: ['EdDSA'] });
    const body = JSON.parse(decoder.decode(payload)) as { logId?: unknown; key?: JWK };
    if (body.logId !== logId || !body.key) return undefined;
    const thumbprint = await calculateJwkThumbprint(body.key, 'sha256');
    return body.key.kid === thumbprint ? body.key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Before the service appends to a log (issue 13 item 11): the bucket's latest checkpoint must verify with the keys
 * it trusts (its JWKS and the chain kept in the bucket), and its own signing key must be one of them, else it
 * refuses with `AUDIT_SIGNING_KEY_UNTRUSTED`, naming the key id. On a new log it keeps its own key in the bucket.
 * Answers the keys checkpoints of this log verify with.
 */
export async function checkSigningKey(
  blobs: BlobStore,
  logId: string,
  signer: CheckpointSigner,
  anchors: readonly JWK[],
): Promise<{ keys: JWK[] }> {
  const latest = await latestCheckpointKey(blobs, logId);
  const keys = await trustedCheckpointKeys(blobs, logId, anchors);
  if (latest) {
    const jws = decoder.decode((await blobs.get(latest)) ?? new Uint8Array());
    try {
      await verifyCheckpoint(jws, keys);
    } catch (cause) {
      const kid = safeKid(jws);
      throw new AuditStateError(
        'AUDIT_SIGNING_KEY_UNTRUSTED',
        `The log's latest checkpoint (${latest}) is signed by key ${kid}, which this service does not trust ` +
          `(its signing key is ${signer.kid}); it will not append to that log. Configure the key that signed it ` +
          '(AUDIT_SIGNING_KEY and AUDIT_JWKS), or point it at another bucket or log id.',
        { cause },
      );
    }
    // The signing key must be the one that signed the latest checkpoint, or one it introduced (a rotation), so that
    // every verifier of the log reaches it from the keys it already trusts.
    const latestSigner = keys.keys.filter((k) => k.kid === safeKid(jws));
    const successors = await trustedCheckpointKeys(blobs, logId, latestSigner);
    if (!successors.keys.some((k) => k.kid === signer.kid))
      throw new AuditStateError(
        'AUDIT_SIGNING_KEY_UNTRUSTED',
        `This service's signing key ${signer.kid} was never introduced in the log by the key that signed its ` +
          `latest checkpoint (${safeKid(jws)}); it will not append. Rotate keys with \`npm run -s audit:rotate-key\`.`,
      );
  }
  if (!keys.keys.some((k) => k.kid === signer.kid))
    throw new AuditStateError(
      'AUDIT_SIGNING_KEY_UNTRUSTED',
      `This service's signing key ${signer.kid} is not in its JWKS (AUDIT_JWKS)`,
    );
  // A new log, or one kept before keys were kept with it: its first key introduces itself (only a verifier that
  // is configured with it trusts it).
  if (!latest || (await blobs.list(keyPrefix(logId))).length === 0)
    await keepKey(blobs, logId, publicOf(signer.privateJwk), signer);
  return keys;
}

function safeKid(jws: string): string {
  try {
    return decodeProtectedHeader(jws).kid ?? '(none)';
  } catch {
    return '(unreadable)';
  }
}
