import { SERVICE_AUDIENCES } from '@sharehub/kit/auth';
import { DEV_CLIENT_SECRET } from './devClients.js';

/** A service `npm start` runs, with the address it serves on. */
interface RunService {
  readonly name: string;
  readonly url?: string;
}

/**
 * The pages' clients at the development provider, at the addresses the inbox and audit service serve on (they follow
 * INBOX_PORT and AUDIT_PORT): what the provider registers and what each service is told.
 */
export function devPageClientsFor(services: readonly RunService[]) {
  return [
    { name: 'inbox', clientId: 'sharehub-inbox-pages', audience: SERVICE_AUDIENCES.inbox },
    { name: 'audit', clientId: 'sharehub-audit-pages', audience: SERVICE_AUDIENCES.audit },
  ].flatMap((c) => {
    const url = services.find((s) => s.name === c.name)?.url;
    return url ? [{ ...c, publicUrl: url }] : [];
  });
}

/**
 * What `npm start` tells a service of the development provider at `issuer`: every service its issuer (whose tokens
 * it then accepts beside the development key's); the inbox and audit service also their pages' client and address.
 */
export function devSignInEnv(
  issuer: string,
  pageClients: ReturnType<typeof devPageClientsFor>,
  service: string,
): Record<string, string> {
  const pages = pageClients.find((c) => c.name === service);
  return {
    OIDC_ISSUER: issuer,
    ...(pages
      ? {
          PAGE_OIDC_CLIENT_ID: pages.clientId,
          PAGE_OIDC_CLIENT_SECRET: DEV_CLIENT_SECRET,
          PAGE_PUBLIC_URL: pages.publicUrl,
        }
      : {}),
  };
}
