import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PackageImportService } from './package-import.service.js';

/** What `npm run content:build` writes beside the zips. */
export interface CourseCatalogue {
  courses: { slug: string; module: number; title: string; packages: { '1.2': string; '2004': string } }[];
}

/**
 * Puts the project's own course packages (built by `npm run content:build` into `content/dist`) into the
 * global catalogue on start, and makes each the package of the matching module step of the default
 * programme (module n → the n-th module step) unless an admin has already attached something there.
 * A package already imported under the same file name is not imported again.
 */
@Injectable()
export class CourseSeeder {
  private readonly logger = new Logger(CourseSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly importer: PackageImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seed(): Promise<{ imported: number; attached: number }> {
    const dir = this.config.coursePackagesDir;
    const file = path.join(dir, 'catalogue.json');
    if (!existsSync(file)) {
      this.logger.warn(
        `No built course packages in ${dir}: run \`npm run content:build\` to add the modules.`,
      );
      return { imported: 0, attached: 0 };
    }
    const catalogue = JSON.parse(readFileSync(file, 'utf8')) as CourseCatalogue;
    const [programme]: { id: string }[] = await this.db.query(
      `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
    );
    const steps: { id: string; packageId: string | null }[] = programme
      ? await this.db.query(
          `SELECT id, package_id AS "packageId" FROM programme_step
            WHERE programme_id = $1 AND kind = 'module' ORDER BY position`,
          [programme.id],
        )
      : [];
    let imported = 0;
    let attached = 0;
    for (const course of [...catalogue.courses].sort((a, b) => a.module - b.module)) {
      const ids: Partial<Record<'1.2' | '2004', string>> = {};
      for (const version of ['1.2', '2004'] as const) {
        const name = course.packages[version];
        const existing: { id: string }[] = await this.db.query(
          `SELECT p.id FROM scorm_package p JOIN scorm_package_version v ON v.package_id = p.id
            WHERE p.trust_id IS NULL AND v.filename = $1 LIMIT 1`,
          [name],
        );
        if (existing.length) {
          ids[version] = existing[0].id;
          continue;
        }
        const zip = path.join(dir, name);
        if (!existsSync(zip)) continue;
        ids[version] = (await this.importer.importFile(null, { path: zip, originalname: name }, null)).id;
        imported++;
      }
      const step = steps[course.module - 1];
      const packageId = ids[this.config.courseScormVersion];
      if (step && packageId && !step.packageId) {
        await this.db.query(
          `UPDATE programme_step SET package_id = $2 WHERE id = $1 AND package_id IS NULL`,
          [step.id, packageId],
        );
        attached++;
      }
    }
    if (imported || attached)
      this.logger.log(
        `Course packages: ${imported} imported into the global catalogue, ${attached} attached.`,
      );
    return { imported, attached };
  }
}
