import type { Role } from '../../api/types';
import { ROLE_LABEL } from '../../utils/roles';

export interface GrantLike {
  role: Role;
  trustName: string | null;
  studyName: string | null;
}

/** "Learner at Northshire NHS Trust", "Researcher on CQ Evaluation", "Platform administrator" */
export function describeGrant(grant: GrantLike): string {
  const label = ROLE_LABEL[grant.role];
  if (grant.trustName) return `${label} at ${grant.trustName}`;
  if (grant.studyName) return `${label} on ${grant.studyName}`;
  return label;
}

export function roleNeedsTrust(role: Role): boolean {
  return role === 'learner' || role === 'lnd_admin';
}

export function roleNeedsStudy(role: Role): boolean {
  return role === 'researcher';
}
