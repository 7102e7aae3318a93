import type { RequestHandler } from 'express';
import { ForbiddenError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery protection by Fetch Metadata (the approach of Go's `http.CrossOriginProtection`): a
 * state-changing request (any method but GET, HEAD, OPTIONS) is refused with 403 when the browser says it comes from
 * another site (`Sec-Fetch-Site` other than `same-origin` or `none`) or, from a browser that does not send that, when
 * its `Origin` is not this host. A request with neither header is not from a browser's form and passes. No token to
 * keep, no script, and the page's cookie is SameSite=Strict besides.
 */
export const refuseCrossSite: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const site = req.header('sec-fetch-site');
  if (site !== undefined) return next(site === 'same-origin' || site === 'none' ? undefined : crossSite());
  const origin = req.header('origin');
  if (origin === undefined) return next();
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  next(host !== undefined && host === req.header('host') ? undefined : crossSite());
};

function crossSite(): ForbiddenError {
  return new ForbiddenError(
    'CROSS_SITE_REQUEST',
    'A form on another site cannot act here; use the page itself',
  );
}
