import type { Caller } from '@sharehub/kit/auth';
import type { PageFrame } from '@sharehub/kit/web';

/**
 * The frame of every inbox page: the navigation a caller may use, and who is signed in. `title` is the browser's
 * title and never personal data; a page about a person names them in `options.heading`.
 */
export function inboxFrame(
  caller: Caller,
  title: string,
  current: string,
  options: { triage: boolean; auditUrl: string; notice?: string; heading?: string },
): PageFrame {
  const nav = [
    ...(caller.roles.includes('recipient')
      ? [
          { href: '/inbox', label: 'Open' },
          { href: '/inbox?overdue=true', label: 'Overdue' },
          { href: '/inbox?status=acknowledged', label: 'Acknowledged' },
          { href: '/inbox/dashboard', label: 'Team dashboard' },
        ]
      : []),
    ...(options.triage ? [{ href: '/triage', label: 'Triage queue' }] : []),
    ...(caller.roles.includes('auditor')
      ? [{ href: `${options.auditUrl}/ig`, label: 'Audit log (IG)' }]
      : []),
  ].map((n) => ({ ...n, current: n.href === current }));
  return {
    title,
    ...(options.heading ? { heading: options.heading } : {}),
    service: 'Inbox',
    nav,
    signedInAs: `${caller.subject} (${caller.org})`,
    signOutPath: '/sign-out',
    ...(options.notice ? { notice: options.notice } : {}),
  };
}
