import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { canonicalJson } from '@sharehub/kit/json';
import { CheckpointError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The JWS `typ` of a checkpoint, so no other token signed by the same key passes for one. */
export const CHECKPOINT_TYP = 'audit-checkpoint+json';

/**
 * What a checkpoint commits to: the log, its size, the RFC 6962 root of its first `size` leaves (64 lower-case hex
 * characters) and when it was signed (ISO-8601 UTC with milliseconds, as `Date.toISOString` writes it).
 */
export interface Checkpoint {
  readonly logId: string;
  readonly size: number;
  readonly rootHash: string;
  readonly timestamp: string;
}

/** A checkpoint with its compact JWS and the id of the key that signed it. */
export interface SignedCheckpoint extends Checkpoint {
  readonly kid: string;
  readonly jws: string;
}

/** An Ed25519 key pair as JWKs, with its key id (the RFC 7638 SHA-256 thumbprint of the public key). */
export interface SigningKey {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** Finds the public key of a key id; `undefined` when the id is unknown. */
export type CheckpointKeyResolver = (
  kid: string,
) => Promise<CryptoKey | JWK | undefined> | CryptoKey | JWK | undefined;

/** The public keys checkpoints are verified with: a resolver, or a JWKS whose keys carry `kid`. */
export type CheckpointPublicKeys = CheckpointKeyResolver | { readonly keys: readonly JWK[] };

/** Generates an Ed25519 checkpoint signing key; `kid` is the RFC 7638 thumbprint of its public JWK. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicBare = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicBare, 'sha256');
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
  const publicJwk: JWK = { ...publicBare, kid, alg: 'EdDSA', use: 'sig' };
  return { kid, privateJwk, publicJwk };
}

/** The signed payload of a checkpoint: its RFC 8785 canonical JSON (only the four fields). */
export function checkpointPayload(checkpoint: Checkpoint): string {
  const { logId, size, rootHash, timestamp } = parseCheckpoint(checkpoint);
  return canonicalJson({ logId, size, rootHash, timestamp });
}

/** Signs a checkpoint: a compact JWS (`alg: EdDSA`, `kid`, `typ`) over its canonical JSON. Deterministic. */
export async function signCheckpoint(
  checkpoint: Checkpoint,
  privateKey: CryptoKey | JWK,
  kid: string,
): Promise<string> {
  const key = isCryptoKey(privateKey) ? privateKey : await importEd25519(privateKey);
  return new CompactSign(encoder.encode(checkpointPayload(checkpoint)))
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: CHECKPOINT_TYP })
    .sign(key);
}

/**
 * Verifies a checkpoint's signature with the key its `kid` names and returns it; throws `CheckpointError`
 * (CHECKPOINT_MALFORMED, CHECKPOINT_KEY_UNKNOWN or CHECKPOINT_SIGNATURE_INVALID).
 */
export async function verifyCheckpoint(
  jws: string,
  publicKeys: CheckpointPublicKeys,
): Promise<SignedCheckpoint> {
  const { kid } = readHeader(jws);
  const resolve = toResolver(publicKeys);
  const found = await resolve(kid);
  if (found === undefined)
    throw new CheckpointError('CHECKPOINT_KEY_UNKNOWN', `No public key with kid ${kid}`);
  const key = isCryptoKey(found) ? found : await importEd25519(found);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] }));
  } catch (cause) {
    throw new CheckpointError('CHECKPOINT_SIGNATURE_INVALID', `The checkpoint signature does not verify`, {
      cause,
    });
  }
  return { ...readPayload(payload), kid, jws };
}

/** Reads a checkpoint's header and payload without checking the signature (recovery; never for trust). */
export function decodeCheckpoint(jws: string): SignedCheckpoint {
  const { kid } = readHeader(jws);
  const part = jws.split('.')[1] ?? '';
  return { ...readPayload(Uint8Array.from(Buffer.from(part, 'base64url'))), kid, jws };
}

/** Checks a value is a well-formed checkpoint (types, 64-hex root, canonical ISO timestamp) and returns it. */
export function parseCheckpoint(value: unknown): Checkpoint {
  const v = value as Partial<Record<keyof Checkpoint, unknown>> | null;
  if (v === null || typeof v !== 'object') throw malformed('a checkpoint is an object');
  const { logId, size, rootHash, timestamp } = v;
  if (typeof logId !== 'string' || logId.length === 0) throw malformed('logId is a non-empty string');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw malformed('size is a non-negative integer');
  if (typeof rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(rootHash))
    throw malformed('rootHash is 64 lower-case hex characters');
  if (typeof timestamp !== 'string' || !isCanonicalInstant(timestamp))
    throw malformed('timestamp is an ISO-8601 UTC instant as Date.toISOString writes it');
  return { logId, size, rootHash, timestamp };
}

function readHeader(jws: string): { kid: string } {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (cause) {
    throw new CheckpointError('CHECKPOINT_MALFORMED', 'The checkpoint is not a compact JWS', { cause });
  }
  if (header.alg !== 'EdDSA') throw malformed(`alg is EdDSA, not ${String(header.alg)}`);
  if (header.typ !== CHECKPOINT_TYP) throw malformed(`typ is ${CHECKPOINT_TYP}`);
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw malformed('the header names a kid');
  return { kid: header.kid };
}

function readPayload(payload: Uint8Array): Checkpoint {
  let text: string;
  let parsed: unknown;
  try {
    text = decoder.decode(payload);
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CheckpointError('CHECKPOINT_MALFORMED', 'The checkpoint payload is not JSON', { cause });
  }
  const checkpoint = parseCheckpoint(parsed);
  if (checkpointPayload(checkpoint) !== text)
    throw malformed('the payload is not the canonical JSON of a checkpoint');
  return checkpoint;
}

function toResolver(publicKeys: CheckpointPublicKeys): CheckpointKeyResolver {
  if (typeof publicKeys === 'function') return publicKeys;
  return (kid) => publicKeys.keys.find((k) => k.kid === kid);
}

async function importEd25519(jwk: JWK): Promise<CryptoKey> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
    throw new CheckpointError('CHECKPOINT_KEY_UNKNOWN', 'Checkpoint keys are Ed25519 (OKP) JWKs');
  try {
    return (await importJWK(jwk, 'EdDSA')) as CryptoKey;
  } catch (cause) {
    throw new CheckpointError(
      'CHECKPOINT_KEY_UNKNOWN',
      `The key ${String(jwk.kid)} is not a usable Ed25519 JWK`,
      {
        cause,
      },
    );
  }
}

function isCryptoKey(key: CryptoKey | JWK): key is CryptoKey {
  return !('kty' in key);
}

function isCanonicalInstant(text: string): boolean {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text;
}

function malformed(message: string): CheckpointError {
  return new CheckpointError('CHECKPOINT_MALFORMED', `Malformed checkpoint: ${message}`);
}
