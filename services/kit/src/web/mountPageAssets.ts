import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Express } from 'express';

/** The installed NHS.UK frontend's built folder (its CSS and `assets/`), resolved from the package itself. */
const NHSUK_DIST = dirname(
  createRequire(import.meta.url).resolve('nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'),
);

/** Where pages link the design system's stylesheet ({@link renderPage} links it; {@link mountPageAssets} serves it). */
export const PAGE_STYLESHEET_PATH = '/assets/nhsuk-frontend.min.css';

/**
 * Serves the NHS.UK frontend stylesheet and its images (icons, favicon) from the installed `nhsuk-frontend` package,
 * under `/assets` on the service's own origin: no CDN, so the pages' CSP can allow styles and images from `'self'`
 * only. The files are the package's, versioned with the lockfile, and cached for a day.
 */
export function mountPageAssets(app: Express): void {
  const cache = { maxAge: '1d', index: false } as const;
  app.get(PAGE_STYLESHEET_PATH, (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(join(NHSUK_DIST, 'nhsuk-frontend.min.css'), { maxAge: '1d' }, (err) => err && next(err));
  });
  app.use(
    '/assets/images',
    (_req, res, next) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    },
    express.static(join(NHSUK_DIST, 'assets', 'images'), cache),
  );
}
