import type { Caller } from '@sharehub/kit/auth';
import type { PageFrame } from '@sharehub/kit/web';

/** The frame of every IG page: the service's header, the navigation, and who is signed in with a sign-out button. */
export function igFrame(
  title: string,
  caller: Caller | undefined,
  current?: 'search' | 'dashboard' | 'none',
): PageFrame {
  return {
    title,
    service: 'Audit',
    // 'none': a page for someone the pages refuse, who has nowhere to go but sign out.
    ...(current === 'none'
      ? {}
      : {
          nav: [
            { href: '/ig', label: 'Search the audit log', current: current === 'search' },
            { href: '/ig/dashboard', label: 'Dashboard', current: current === 'dashboard' },
          ],
        }),
    ...(caller
      ? { signedInAs: `${caller.subject} (${caller.roles.join(', ')})`, signOutPath: '/sign-out' }
      : {}),
  };
}
