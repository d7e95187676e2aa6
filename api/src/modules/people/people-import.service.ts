import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext } from '../../common/auth/roles.js';
import { conflict, DomainError, invalid, notFound } from '../../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { ImportPreviewDto, ImportResultDto } from './dto/people.dto.js';
import {
  ColumnMapping,
  decodeCsv,
  FIELD_LABELS,
  ImportFileError,
  missingRequired,
  parseCsv,
  RowError,
  STAFF_FIELDS,
  StaffField,
  StaffRow,
  suggestMapping,
  validateRows,
} from './import/staff-csv.js';
import { ExistingPerson, PeopleRepository, StoredImport } from './people.repository.js';

const REQUIRED: StaffField[] = ['staffNumber', 'workEmail'];
const MAX_ERRORS_SHOWN = 500;

interface Checked {
  rows: StaffRow[];
  errors: RowError[];
  preview: ImportPreviewDto;
}

/** Staff CSV import: upload → map columns → preview → confirm, writing nothing before the confirm. */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly people: PeopleRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(
    auth: AuthContext,
    trustId: string,
    file: { originalname: string; buffer: Buffer } | undefined,
  ): Promise<ImportPreviewDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    if (!file) throw invalid('file', 'Choose a CSV file to upload.');
    let parsed;
    try {
      parsed = parseCsv(decodeCsv(file.buffer), { maxRows: this.config.importMaxRows });
    } catch (e) {
      if (e instanceof ImportFileError) throw invalid('file', e.message);
      throw e;
    }
    const mapping = suggestMapping(parsed.headers, await this.people.rememberedMapping(trustId));
    const filename = file.originalname.slice(0, 200) || 'upload.csv';
    const id = await this.people.createImport({
      trustId,
      createdBy: auth.userId,
      filename,
      headers: parsed.headers,
      records: parsed.records,
      rowNumbers: parsed.rowNumbers ?? null,
      mapping,
    });
    return this.preview(auth, trustId, id);
  }

  async preview(auth: AuthContext, trustId: string, importId: string): Promise<ImportPreviewDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    return (await this.check(await this.load(trustId, importId))).preview;
  }

  async setMapping(
    auth: AuthContext,
    trustId: string,
    importId: string,
    mapping: ColumnMapping,
  ): Promise<ImportPreviewDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const stored = await this.load(trustId, importId);
    if (stored.status === 'committed')
      throw conflict('This import has already been confirmed. Upload the file again to change it.');
    const clean: ColumnMapping = {};
    const used = new Set<string>();
    for (const field of STAFF_FIELDS) {
      const header = mapping[field];
      if (!header) continue;
      if (!stored.headers.includes(header))
        throw invalid(field, `The file has no column called "${header}".`);
      if (used.has(header)) throw invalid(field, `The column "${header}" is chosen for more than one field.`);
      used.add(header);
      clean[field] = header;
    }
    await this.people.setImportMapping(importId, clean);
    return (await this.check({ ...stored, mapping: clean })).preview;
  }

  async confirm(auth: AuthContext, trustId: string, importId: string): Promise<ImportResultDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const stored = await this.load(trustId, importId);
    if (stored.status === 'committed') throw conflict('This import has already been confirmed.');
    const { rows, preview } = await this.check(stored);
    if (preview.missingFields.length) {
      throw invalid('mapping', `Choose the column for ${preview.missingFields.join(', ')} before importing.`);
    }
    if (preview.invalidRowCount > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `${preview.invalidRowCount} ${preview.invalidRowCount === 1 ? 'row has' : 'rows have'} problems. Nothing has been imported: fix the file and upload it again.`,
        [{ field: 'file', message: 'The file has rows with problems' }],
      );
    }
    const result = await this.people.transaction(async (m) => {
      const written = await this.people.upsert(trustId, rows, m);
      const summary = {
        created: written.created,
        updated: written.updated,
        unchanged: rows.length - written.created - written.updated,
      };
      if (!(await this.people.markCommitted(importId, summary, m)))
        throw conflict('This import has already been confirmed.');
      await this.people.linkImportPeople(importId, written.ids, m);
      await this.people.rememberMapping(trustId, stored.mapping, m);
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'staff.import',
          entityType: 'staff_import',
          entityId: importId,
          trustId,
          detail: { ...summary, filename: stored.filename },
        },
        m,
      );
      return summary;
    });
    return { id: importId, ...result };
  }

  private async load(trustId: string, importId: string): Promise<StoredImport> {
    const stored = await this.people.findImport(trustId, importId);
    if (!stored) throw notFound('The import');
    return stored;
  }

  /** Validates the stored rows with the stored mapping and compares them with the staff already held. */
  private async check(stored: StoredImport): Promise<Checked> {
    const missing = missingRequired(stored.mapping);
    const parsed = {
      headers: stored.headers,
      records: stored.records,
      firstDataRow: 2 as const,
      ...(stored.rowNumbers ? { rowNumbers: stored.rowNumbers } : {}),
    };
    const validated = missing.length
      ? { rows: [], errors: [], duplicates: [] }
      : validateRows(parsed, stored.mapping);
    const errors = [...validated.errors];
    let rows = validated.rows;

    let toCreate = 0;
    let toUpdate = 0;
    let unchanged = 0;
    if (rows.length) {
      const existing = await this.people.existing(
        stored.trustId,
        rows.map((r) => r.staffNumber),
        rows.map((r) => r.workEmail),
      );
      const byNumber = new Map(existing.map((p) => [p.staffNumber, p]));
      const emailOwner = new Map(existing.map((p) => [p.workEmail, p.staffNumber]));
      const fileEmailByNumber = new Map(rows.map((r) => [r.staffNumber, r.workEmail]));
      const emailColumn = stored.mapping.workEmail ?? FIELD_LABELS.workEmail;
      const rejected = new Set<number>();
      for (const r of rows) {
        const owner = emailOwner.get(r.workEmail);
        // An address held by someone else is a clash, unless that person is in this file with a new address.
        const ownerMovesAway =
          owner !== undefined && fileEmailByNumber.has(owner) && fileEmailByNumber.get(owner) !== r.workEmail;
        if (owner && owner !== r.staffNumber && !ownerMovesAway) {
          errors.push({
            row: r.row,
            column: emailColumn,
            reason: `Email address ${r.workEmail} already belongs to staff number ${owner}`,
          });
          rejected.add(r.row);
          continue;
        }
        const before = byNumber.get(r.staffNumber);
        if (!before) toCreate++;
        else if (sameDetails(before, r)) unchanged++;
        else toUpdate++;
      }
      if (rejected.size) rows = rows.filter((r) => !rejected.has(r.row));
    }
    errors.sort((a, b) => a.row - b.row);
    const invalidRowCount = new Set(errors.map((e) => e.row)).size;
    const missingFields = missing.map((f) => FIELD_LABELS[f]);
    return {
      rows,
      errors,
      preview: {
        id: stored.id,
        filename: stored.filename,
        status: stored.status,
        headers: stored.headers,
        mapping: stored.mapping,
        fields: STAFF_FIELDS.map((field) => ({
          field,
          label: FIELD_LABELS[field],
          required: REQUIRED.includes(field),
        })),
        missingFields,
        rowCount: stored.records.length,
        validCount: rows.length,
        invalidRowCount,
        errors: errors.slice(0, MAX_ERRORS_SHOWN),
        errorCount: errors.length,
        duplicates: validated.duplicates,
        toCreate,
        toUpdate,
        unchanged,
        canConfirm:
          stored.status === 'previewed' && !missingFields.length && invalidRowCount === 0 && rows.length > 0,
      },
    };
  }
}

function sameDetails(a: ExistingPerson, b: StaffRow): boolean {
  return (
    a.fullName === b.fullName &&
    a.workEmail === b.workEmail &&
    a.jobTitle === b.jobTitle &&
    a.band === b.band &&
    a.directorate === b.directorate &&
    a.lineManagerStaffNumber === b.lineManagerStaffNumber
  );
}
