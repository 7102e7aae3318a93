import { fileURLToPath } from 'node:url';

/** The built `npm run -s redrive` command, for tests that run it as a person would. */
export const REDRIVE_CLI = fileURLToPath(new URL('../cli/redrive.js', import.meta.url));
