import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext } from '../../common/auth/roles.js';
import { PeoplePageDto, ListPeopleQueryDto } from './dto/people.dto.js';
import { PeopleRepository } from './people.repository.js';

@Injectable()
export class PeopleService {
  constructor(
    private readonly people: PeopleRepository,
    private readonly access: AccessService,
  ) {}

  list(auth: AuthContext, trustId: string, q: ListPeopleQueryDto): Promise<PeoplePageDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const notInCohort = q.notInCohort && /^[0-9a-f-]{36}$/i.test(q.notInCohort) ? q.notInCohort : undefined;
    return this.people.list(trustId, q.q?.trim() || undefined, notInCohort, q.limit ?? 50, q.offset ?? 0);
  }
}
