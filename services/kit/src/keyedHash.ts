import { createHmac } from 'node:crypto';

/** A keyed hash (HMAC-SHA256, hex) of an identifier, for Kafka keys that must not carry personal data. */
export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}
