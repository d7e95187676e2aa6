import type { Role } from '../../api/types';

export interface NavigationItem {
  text: string;
  to: string;
}

interface GrantLike {
  role: Role;
  trustId: string | null;
  trustName: string | null;
}

/** Header links for everything the signed-in user's roles let them do. */
export function navigationFor(grants: readonly GrantLike[]): NavigationItem[] {
  const held = new Set(grants.map((grant) => grant.role));
  const items: NavigationItem[] = [];
  if (held.has('platform_admin')) {
    items.push(
      { text: 'Overview', to: '/admin' },
      { text: 'Trusts', to: '/admin/trusts' },
      { text: 'Accounts', to: '/admin/accounts' },
      { text: 'Studies', to: '/admin/studies' },
      { text: 'Programmes', to: '/admin/programmes' },
      { text: 'Instruments', to: '/admin/instruments' },
      { text: 'Outbox', to: '/admin/outbox' },
    );
  }
  if (held.has('lnd_admin') || held.has('platform_admin')) {
    items.push({ text: 'Cohorts', to: '/lnd/cohorts' }, { text: 'Learning modules', to: '/lnd/modules' });
  }
  if (held.has('lnd_admin')) {
    const trusts = grants.filter((grant) => grant.role === 'lnd_admin' && grant.trustId);
    for (const grant of trusts) {
      const suffix = trusts.length === 1 ? '' : `: ${grant.trustName ?? 'trust'}`;
      items.push(
        { text: `Staff${suffix}`, to: `/lnd/trusts/${grant.trustId}/staff` },
        { text: `Accounts${suffix}`, to: `/lnd/trusts/${grant.trustId}/people` },
      );
    }
  }
  if (held.has('researcher')) {
    items.push({
      text: held.has('platform_admin') ? 'Research studies' : 'Studies',
      to: '/research/studies',
    });
  }
  if (held.has('learner'))
    items.push({ text: 'My learning', to: '/learning' }, { text: 'My CQ profile', to: '/profile' });
  return items;
}

/** "page" for the current page, "true" for a section the current page is inside, otherwise undefined. */
export function currentState(
  itemPath: string,
  currentPath: string,
  allPaths: readonly string[],
): 'page' | 'true' | undefined {
  if (currentPath === itemPath) return 'page';
  if (!currentPath.startsWith(`${itemPath}/`)) return undefined;
  // Only the most specific matching section is marked.
  const moreSpecific = allPaths.some(
    (other) =>
      other !== itemPath &&
      other.startsWith(`${itemPath}/`) &&
      (currentPath === other || currentPath.startsWith(`${other}/`)),
  );
  return moreSpecific ? undefined : 'true';
}
