import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';
import { repoRoot } from '@sharehub/infra';

/** Where {@link saveScreenshot} writes (git-ignored with the rest of `artifacts/`). */
export const SCREENSHOT_DIR = join(repoRoot, 'artifacts', 'screenshots');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];
const INSTALL_HINT =
  'install it with `bash infra/scripts/apt-install.sh infra/ci/apt-packages.txt` (as root; .ci/run does this), ' +
  'or set CHROMIUM_PATH to a Chromium executable';

/** The Chromium the browser tests drive: CHROMIUM_PATH if set, else Debian's; throws (never skips) when absent. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!isExecutable(explicit))
      throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file; ${INSTALL_HINT}`);
    return explicit;
  }
  const found = CANDIDATES.find(isExecutable);
  if (!found)
    throw new Error(
      `No Chromium for the browser tests (looked at ${CANDIDATES.join(', ')}); ${INSTALL_HINT}`,
    );
  return found;
}

/** Launches headless Chromium (Debian's, through playwright-core) for a browser test; close it in afterAll. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findChromium();
  try {
    return await chromium.launch({
      headless: true,
      // Containers and CI often run as root without a user namespace sandbox; the pages tested are our own.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
      ...options,
      executablePath,
    });
  } catch (err) {
    throw new Error(`Chromium at ${executablePath} did not start; ${INSTALL_HINT}`, { cause: err });
  }
}

/** Saves a full-page PNG of `page` as `artifacts/screenshots/<name>` (".png" added if missing); returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name ${name} must be a plain file name`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
