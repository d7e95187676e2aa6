import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext, isPlatformAdmin, trustsWithRole } from '../../common/auth/roles.js';
import { DomainError, invalid, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { PackageDto } from './dto/package.dto.js';
import { ManifestError, missingFiles, parseManifest, ParsedManifest } from './import/manifest.js';
import { parseSequencing, SequencingError, type SequencingDefinition } from './import/sequencing.js';
import { PackageZipError, readPackageZip } from './import/zip-reader.js';
import { PackagesRepository } from './packages.repository.js';
import { CONTENT_STORE, type ContentStore, type StoredBlob } from './storage/content-store.js';

const MANIFEST = 'imsmanifest.xml';

const refuse = (message: string) =>
  new DomainError('VALIDATION_FAILED', message, [{ field: 'file', message }]);

/**
 * SCORM package import: the zip is streamed through the safety caps into the content store, the
 * manifest at its root is parsed and every file it references is checked, then the package (or a
 * new version of one) and its SCOs are recorded in one transaction.
 */
@Injectable()
export class PackageImportService {
  private readonly logger = new Logger('PackageImport');

  constructor(
    private readonly packages: PackagesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CONTENT_STORE) private readonly store: ContentStore,
  ) {}

  async import(
    auth: AuthContext,
    trustId: string | null,
    file: { path: string; originalname: string } | undefined,
    replacesPackageId?: string,
  ): Promise<PackageDto> {
    if (trustId) this.access.requireTrust(auth, trustId, ['lnd_admin']);
    else this.access.requirePlatformAdmin(auth);
    if (!file) throw invalid('file', 'Choose a SCORM zip file to upload.');
    return this.importFile(trustId, file, auth.userId, replacesPackageId);
  }

  /**
   * The import itself, once access is settled: also used at start-up to seed the built course packages
   * into the global catalogue (with no acting user).
   */
  async importFile(
    trustId: string | null,
    file: { path: string; originalname: string },
    actorUserId: string | null,
    replacesPackageId?: string,
  ): Promise<PackageDto> {
    if (replacesPackageId) {
      const existing = await this.packages.findPackage(replacesPackageId);
      if (!existing || existing.trustId !== trustId)
        throw invalid('replacesPackageId', 'The package to replace is not in this catalogue.');
    }
    const { files, totalBytes } = await this.unpack(file.path);
    const { manifest, sequencing } = await this.readManifest(files);
    const created = await this.packages.transaction(async (m) => {
      const packageId =
        replacesPackageId ??
        (await this.packages.createPackage({ trustId, title: manifest.title, createdBy: actorUserId }, m));
      const versionId = await this.packages.addVersion(
        {
          packageId,
          manifest,
          sequencing,
          files,
          totalBytes,
          filename: file.originalname || 'package.zip',
          uploadedBy: actorUserId,
        },
        m,
      );
      await this.audit.record(
        {
          actorUserId,
          action: replacesPackageId ? 'package.new_version' : 'package.import',
          entityType: 'scorm_package',
          entityId: packageId,
          trustId,
          detail: { versionId, scormVersion: manifest.version, scos: manifest.scos.length },
        },
        m,
      );
      return { packageId, versionId };
    });
    return (await this.packages.findOne(created.packageId)) as PackageDto;
  }

  /**
   * Reads the sequencing of SCORM 2004 versions imported before it was stored (`sequencing` null), from
   * their stored manifest. A manifest whose sequencing cannot be used is left as it is and logged: the
   * package was accepted then, and its attempts must keep working. Returns how many versions were filled in.
   */
  async backfillSequencing(): Promise<number> {
    let filled = 0;
    for (const v of await this.packages.versionsWithoutSequencing()) {
      const name = Object.keys(v.files).find((p) => p.toLowerCase() === MANIFEST);
      if (!name) continue;
      try {
        const xml = await this.readText(v.files[name].sha256);
        await this.packages.setSequencing(v.id, parseSequencing(xml));
        filled++;
      } catch (e) {
        this.logger.warn(`Package version ${v.id}: sequencing not read (${(e as Error).message})`);
      }
    }
    if (filled) this.logger.log(`Sequencing read for ${filled} earlier SCORM 2004 package versions`);
    return filled;
  }

  private async readText(sha256: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.open(sha256)) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\ufeff/, '');
  }

  list(auth: AuthContext): Promise<PackageDto[]> {
    if (isPlatformAdmin(auth)) return this.packages.list('all', true);
    return this.packages.list(trustsWithRole(auth, 'lnd_admin'), true);
  }

  async get(auth: AuthContext, packageId: string): Promise<PackageDto> {
    const found = await this.packages.findPackage(packageId);
    if (!found) throw notFound('The package');
    if (found.trustId) this.access.requireTrust(auth, found.trustId, ['lnd_admin']);
    return (await this.packages.findOne(packageId)) as PackageDto;
  }

  private async unpack(zipPath: string): Promise<{ files: Record<string, StoredBlob>; totalBytes: number }> {
    const files: Record<string, StoredBlob> = {};
    try {
      const result = await readPackageZip(zipPath, async (entry, stream) => {
        files[entry.path] = await this.store.put(stream);
      });
      return { files, totalBytes: result.totalBytes };
    } catch (e) {
      if (e instanceof PackageZipError) throw refuse(e.message);
      throw e;
    }
  }

  private async readManifest(
    files: Record<string, StoredBlob>,
  ): Promise<{ manifest: ParsedManifest; sequencing: SequencingDefinition | null }> {
    const paths = Object.keys(files);
    const atRoot = paths.find((p) => p.toLowerCase() === MANIFEST);
    if (!atRoot) {
      const nested = paths.find((p) => p.toLowerCase().endsWith(`/${MANIFEST}`));
      if (nested) {
        const folder = nested.slice(0, -MANIFEST.length);
        throw refuse(
          `The imsmanifest.xml file is inside the folder "${folder}". Zip the contents of that folder, so that imsmanifest.xml is at the top level of the zip.`,
        );
      }
      throw refuse('The zip has no imsmanifest.xml at its top level, so it is not a SCORM package.');
    }
    const xml = await this.readText(files[atRoot].sha256);
    let manifest: ParsedManifest;
    try {
      manifest = parseManifest(xml);
    } catch (e) {
      if (e instanceof ManifestError) throw refuse(e.message);
      throw e;
    }
    const missing = missingFiles(manifest, new Set(paths));
    if (missing.length) {
      const listed = missing.slice(0, 5).map((x) => `${x.path} (resource ${x.resource})`);
      const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
      throw refuse(`The manifest lists files the zip does not contain: ${listed.join(', ')}${more}.`);
    }
    if (manifest.version === '1.2') return { manifest, sequencing: null };
    try {
      return { manifest, sequencing: parseSequencing(xml) };
    } catch (e) {
      if (e instanceof SequencingError) throw refuse(`The package's sequencing cannot be used: ${e.message}`);
      throw e;
    }
  }
}
