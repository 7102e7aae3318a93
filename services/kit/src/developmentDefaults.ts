import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout a service runs from, for development defaults only (its data folders and development keys under
 * `.data/` and `infra/keys/`). Production sets every path explicitly; `refuseDevelopmentDefaults` refuses these.
 */
export const CHECKOUT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where `npm start` keeps the development signing keys and JWKS (git-ignored); production names its own. */
export const DEV_KEYS_DIR = join(CHECKOUT_ROOT, 'infra', 'keys');

/** Where the local broker and S3 server listen when nothing else is said (`npm start` and `npm run infra:up`). */
export const DEV_KAFKA_BROKERS = '127.0.0.1:9092';
/** @see DEV_KAFKA_BROKERS */
export const DEV_S3_ENDPOINT = 'http://127.0.0.1:9090';
