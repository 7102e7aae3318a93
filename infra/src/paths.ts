import { fileURLToPath } from 'node:url';

/** The `infra/` folder (resolved from this package's dist or src folder). */
export const infraDir = fileURLToPath(new URL('../', import.meta.url));
/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
