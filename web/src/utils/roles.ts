import type { Role } from '../api/types';

/** Highest first: the first role a user holds decides their home page. */
export const ROLE_PRIORITY: readonly Role[] = ['platform_admin', 'lnd_admin', 'researcher', 'learner'];

export const ROLE_HOME: Readonly<Record<Role, string>> = {
  platform_admin: '/admin',
  lnd_admin: '/lnd/cohorts',
  researcher: '/research/studies',
  learner: '/learning',
};

export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  platform_admin: 'Platform administrator',
  lnd_admin: 'Learning and development administrator',
  researcher: 'Researcher',
  learner: 'Learner',
};

/** Where a signed-in user without any role is sent. */
export const NO_ROLE_HOME = '/forbidden';

export function primaryRole(grants: readonly { role: Role }[]): Role | null {
  const held = new Set(grants.map((grant) => grant.role));
  return ROLE_PRIORITY.find((role) => held.has(role)) ?? null;
}

export function homePathForGrants(grants: readonly { role: Role }[]): string {
  const role = primaryRole(grants);
  return role ? ROLE_HOME[role] : NO_ROLE_HOME;
}
