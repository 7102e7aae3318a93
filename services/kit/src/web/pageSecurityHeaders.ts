import type { RequestHandler } from 'express';

/**
 * The headers of every server-rendered page: nothing cached (`no-store`: pages hold personal data), no referrer
 * (person and notification ids sit in URLs), no MIME sniffing, and a CSP that runs no script, loads styles, images
 * and fonts only from this origin (the design system's files the service serves under `/assets`), posts forms only
 * to this origin and lets no other site frame the page.
 */
export const pageSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  next();
};
