export const ROLES = ['learner', 'lnd_admin', 'researcher', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  id: string;
  role: Role;
  trustId: string | null;
  studyId: string | null;
}

/** Who is calling, resolved once per request from the session cookie. */
export interface AuthContext {
  userId: string;
  email: string;
  sessionId: string;
  csrfToken: string;
  grants: RoleGrant[];
}

export function hasRole(auth: AuthContext, role: Role): boolean {
  return auth.grants.some((g) => g.role === role);
}

export function isPlatformAdmin(auth: AuthContext): boolean {
  return hasRole(auth, 'platform_admin');
}

export function trustsWithRole(auth: AuthContext, ...roles: Role[]): string[] {
  return auth.grants.filter((g) => roles.includes(g.role) && g.trustId).map((g) => g.trustId as string);
}

export function studiesWithRole(auth: AuthContext, role: Role = 'researcher'): string[] {
  return auth.grants.filter((g) => g.role === role && g.studyId).map((g) => g.studyId as string);
}
