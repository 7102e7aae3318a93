import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { generateSigningKey, type BlobStore } from '@sharehub/audit-log';
import type { JWK } from 'jose';
import { keepKey, type CheckpointSigner } from './checkpointKeyChain.js';

/**
 * Rotates the checkpoint signing key (`npm run -s audit:rotate-key`): a new Ed25519 key is introduced in the bucket
 * by the current one (so every verifier that trusts the current key trusts the new one, and no old checkpoint is
 * orphaned), then becomes the signing key in `privatePath` (the old one kept beside it as
 * `<path>.<kid>.retired`, mode 0600) and joins the JWKS at `jwksPath`. The service signs with it from its next start.
 */
export async function rotateSigningKey(options: {
  blobs: BlobStore;
  logId: string;
  current: CheckpointSigner;
  privatePath: string;
  jwksPath: string;
}): Promise<{ from: string; to: string }> {
  const next = await generateSigningKey();
  await keepKey(options.blobs, options.logId, next.publicJwk, options.current);
  const retired = `${options.privatePath}.${options.current.kid}.retired`;
  renameSync(options.privatePath, retired);
  chmodSync(retired, 0o600);
  writeFileSync(options.privatePath, JSON.stringify(next.privateJwk, null, 2), { mode: 0o600 });
  chmodSync(options.privatePath, 0o600);
  const jwks = JSON.parse(readFileSync(options.jwksPath, 'utf8')) as { keys: JWK[] };
  if (!jwks.keys.some((k) => k.kid === next.kid)) jwks.keys.push(next.publicJwk);
  writeFileSync(options.jwksPath, JSON.stringify(jwks, null, 2));
  return { from: options.current.kid, to: next.kid };
}
