import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_TYP,
  checkpointPayload,
  decodeCheckpoint,
  generateSigningKey,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from './checkpoint.js';
import { CheckpointError } from './errors.js';

const checkpoint: Checkpoint = {
  logId: 'audit',
  size: 1000,
  rootHash: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  timestamp: '2026-03-20T09:00:00.000Z',
};

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (err: unknown) => (err instanceof CheckpointError ? err.code : `not a CheckpointError: ${String(err)}`),
  );

describe('checkpoint', () => {
  it('generates Ed25519 keys whose kid is the RFC 7638 thumbprint of the public key', async () => {
    const key = await generateSigningKey();
    expect(key.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: key.kid, alg: 'EdDSA' });
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.privateJwk).toHaveProperty('d');
    expect(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x! })).toBe(key.kid);
  });

  it('signs a compact JWS over the canonical JSON, with alg, kid and typ, deterministically', async () => {
    const key = await generateSigningKey();
    const jws = await signCheckpoint(checkpoint, key.privateJwk, key.kid);
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: CHECKPOINT_TYP });
    expect(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')).toBe(
      '{"logId":"audit","rootHash":"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328","size":1000,"timestamp":"2026-03-20T09:00:00.000Z"}',
    );
    expect(checkpointPayload({ ...checkpoint, extra: 1 } as Checkpoint)).toBe(checkpointPayload(checkpoint));
    expect(await signCheckpoint(checkpoint, key.privateJwk, key.kid)).toBe(jws);
    expect(await verifyCheckpoint(jws, { keys: [key.publicJwk] })).toEqual({
      ...checkpoint,
      kid: key.kid,
      jws,
    });
    expect(await verifyCheckpoint(jws, (kid) => (kid === key.kid ? key.publicJwk : undefined))).toMatchObject(
      checkpoint,
    );
    expect(decodeCheckpoint(jws)).toEqual({ ...checkpoint, kid: key.kid, jws });
  });

  it('rejects a wrong key, an unknown kid, a tampered payload or signature, and malformed input', async () => {
    const key = await generateSigningKey();
    const other = await generateSigningKey();
    const jws = await signCheckpoint(checkpoint, key.privateJwk, key.kid);
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const forged = Buffer.from(
      checkpointPayload({ ...checkpoint, rootHash: '0'.repeat(64) }),
      'utf8',
    ).toString('base64url');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0]! ^= 1;

    expect(await codeOf(verifyCheckpoint(jws, { keys: [{ ...other.publicJwk, kid: key.kid }] }))).toBe(
      'CHECKPOINT_SIGNATURE_INVALID',
    );
    expect(await codeOf(verifyCheckpoint(jws, { keys: [other.publicJwk] }))).toBe('CHECKPOINT_KEY_UNKNOWN');
    expect(
      await codeOf(verifyCheckpoint(`${header}.${forged}.${signature}`, { keys: [key.publicJwk] })),
    ).toBe('CHECKPOINT_SIGNATURE_INVALID');
    expect(
      await codeOf(
        verifyCheckpoint(`${header}.${payload}.${flipped.toString('base64url')}`, { keys: [key.publicJwk] }),
      ),
    ).toBe('CHECKPOINT_SIGNATURE_INVALID');
    expect(await codeOf(verifyCheckpoint('not a jws', { keys: [key.publicJwk] }))).toBe(
      'CHECKPOINT_MALFORMED',
    );
    expect(await codeOf(verifyCheckpoint(jws, { keys: [{ kty: 'EC', kid: key.kid }] }))).toBe(
      'CHECKPOINT_KEY_UNKNOWN',
    );
    expect(
      await codeOf(verifyCheckpoint(jws, { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '!', kid: key.kid }] })),
    ).toBe('CHECKPOINT_KEY_UNKNOWN');
    for (const bad of [
      { ...checkpoint, rootHash: 'ABC' },
      { ...checkpoint, size: -1 },
      { ...checkpoint, size: 1.5 },
      { ...checkpoint, logId: '' },
      { ...checkpoint, timestamp: '2026-03-20T09:00:00Z' },
    ])
      await expect(signCheckpoint(bad, key.privateJwk, key.kid)).rejects.toThrow(CheckpointError);
  });
});
