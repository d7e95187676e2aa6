import { Injectable } from '@nestjs/common';
import yazl from 'yazl';
import { AccessService } from '../../../common/auth/access.service.js';
import type { AuthContext } from '../../../common/auth/roles.js';
import { notFound } from '../../../common/errors.js';
import { AuditService } from '../../audit/audit.service.js';
import { buildExport, type ExportData } from './dataset.js';
import { ExportsRepository } from './exports.repository.js';
import { renderCodebook, renderLong, renderR, renderSpss, renderWide, type Rendered } from './render.js';

export const EXPORT_FILES = [
  'long.csv',
  'wide.csv',
  'codebook.csv',
  'read.sps',
  'read.R',
  'export.zip',
] as const;
export type ExportFileName = (typeof EXPORT_FILES)[number];

export const CONTENT_TYPES: Record<ExportFileName, string> = {
  'long.csv': 'text/csv; charset=utf-8',
  'wide.csv': 'text/csv; charset=utf-8',
  'codebook.csv': 'text/csv; charset=utf-8',
  'read.sps': 'text/plain; charset=utf-8',
  'read.R': 'text/plain; charset=utf-8',
  'export.zip': 'application/zip',
};

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const RENDERERS: Record<Exclude<ExportFileName, 'export.zip'>, (d: ExportData) => Rendered> = {
  'long.csv': renderLong,
  'wide.csv': renderWide,
  'codebook.csv': renderCodebook,
  'read.sps': renderSpss,
  'read.R': renderR,
};

async function zip(files: [string, string][], mtime: Date): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, content] of files) z.addBuffer(Buffer.from(content, 'utf8'), name, { mtime });
  z.end();
  const chunks: Buffer[] = [];
  for await (const chunk of z.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Pseudonymised exports of a study for SPSS and R; every download is audited. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly exports: ExportsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async download(auth: AuthContext, studyId: string, file: ExportFileName): Promise<ExportFile> {
    this.access.requireStudy(auth, studyId);
    const input = await this.exports.load(studyId);
    if (!input) throw notFound('The study');
    const data = buildExport({ ...input, generatedAt: new Date() });
    let body: Buffer;
    let rows: number;
    if (file === 'export.zip') {
      const parts = Object.entries(RENDERERS).map(([name, render]) => [name, render(data)] as const);
      body = await zip(
        parts.map(([name, r]) => [name, r.content]),
        data.generatedAt,
      );
      rows = data.participants;
    } else {
      const r = RENDERERS[file](data);
      body = Buffer.from(r.content, 'utf8');
      rows = r.rows;
    }
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'study.export',
      entityType: 'study',
      entityId: studyId,
      detail: { file, rows },
    });
    return { filename: file, contentType: CONTENT_TYPES[file], body };
  }
}
