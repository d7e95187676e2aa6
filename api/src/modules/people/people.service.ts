import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext } from '../../common/auth/roles.js';
import { conflict, DomainError } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { CreatePersonDto, ListPeopleQueryDto, PeoplePageDto, PersonDto } from './dto/people.dto.js';
import { FIELD_LABELS, STAFF_FIELDS, StaffField, validateRows } from './import/staff-csv.js';
import { PeopleRepository } from './people.repository.js';

const SINGLE_FIELDS: StaffField[] = [
  'staffNumber',
  'fullName',
  'workEmail',
  'jobTitle',
  'band',
  'directorate',
  'lineManagerStaffNumber',
];

@Injectable()
export class PeopleService {
  constructor(
    private readonly people: PeopleRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  list(auth: AuthContext, trustId: string, q: ListPeopleQueryDto): Promise<PeoplePageDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const notInCohort = q.notInCohort && /^[0-9a-f-]{36}$/i.test(q.notInCohort) ? q.notInCohort : undefined;
    return this.people.list(trustId, q.q?.trim() || undefined, notInCohort, q.limit ?? 50, q.offset ?? 0);
  }

  /** Adds one member of staff, checked by exactly the rules a CSV row is checked by. */
  async create(auth: AuthContext, trustId: string, dto: CreatePersonDto): Promise<PersonDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const headers = SINGLE_FIELDS.map((f) => FIELD_LABELS[f]);
    const record = SINGLE_FIELDS.map((f) => (dto as Partial<Record<StaffField, string>>)[f] ?? '');
    const mapping = Object.fromEntries(SINGLE_FIELDS.map((f) => [f, FIELD_LABELS[f]]));
    const { rows, errors } = validateRows({ headers, records: [record], firstDataRow: 2 }, mapping);
    if (errors.length || !rows[0]) {
      const fieldOf = (column: string) => STAFF_FIELDS.find((f) => FIELD_LABELS[f] === column) ?? column;
      const details = errors.map((e) => ({ field: fieldOf(e.column), message: e.reason }));
      throw new DomainError(
        'VALIDATION_FAILED',
        details[0]?.message ?? 'Check the details you entered.',
        details,
      );
    }
    const row = rows[0];
    const clash = (await this.people.existing(trustId, [row.staffNumber], [row.workEmail]))[0];
    if (clash?.staffNumber === row.staffNumber)
      throw conflict(`Staff number ${row.staffNumber} already belongs to ${clash.fullName}.`);
    if (clash) throw conflict(`${row.workEmail} already belongs to staff number ${clash.staffNumber}.`);
    const id = await this.people.transaction(async (m) => {
      const written = await this.people.upsert(trustId, [row], m);
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'person.create',
          entityType: 'person',
          entityId: written.ids[0],
          trustId,
        },
        m,
      );
      return written.ids[0];
    });
    return (await this.people.list(trustId, row.staffNumber, undefined, 50, 0)).items.find(
      (p) => p.id === id,
    ) as PersonDto;
  }
}
