import { Injectable } from '@nestjs/common';
import { forbidden } from '../errors.js';
import { AuthContext, isPlatformAdmin, Role } from './roles.js';

/**
 * Resource-level checks, called by services: the route guard has established the caller's role
 * somewhere; these establish it for this trust or study.
 */
@Injectable()
export class AccessService {
  requireTrust(auth: AuthContext, trustId: string, roles: Role[]): void {
    if (isPlatformAdmin(auth)) return;
    if (auth.grants.some((g) => g.trustId === trustId && roles.includes(g.role))) return;
    throw forbidden('You do not have access to this trust.');
  }

  requireStudy(auth: AuthContext, studyId: string): void {
    if (isPlatformAdmin(auth)) return;
    if (auth.grants.some((g) => g.studyId === studyId && g.role === 'researcher')) return;
    throw forbidden('You do not have access to this study.');
  }

  requirePlatformAdmin(auth: AuthContext): void {
    if (!isPlatformAdmin(auth)) throw forbidden();
  }
}
