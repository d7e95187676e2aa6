import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseSeeder } from '../src/modules/scorm/course-seeder.js';
import { startTestApp, type TestApp } from './support/app.js';
import { zippedFixture } from './support/runtime.js';

describe('seeding the built course packages on start', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    // Two stand-in "courses" built as the content builder lays them out: zips plus catalogue.json.
    dir = await mkdtemp(path.join(tmpdir(), 'cqp-courses-'));
    await writeFile(
      path.join(dir, 'one-scorm12.zip'),
      await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'),
    );
    await writeFile(
      path.join(dir, 'one-scorm2004.zip'),
      await zippedFixture('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition'),
    );
    await writeFile(
      path.join(dir, 'two-scorm12.zip'),
      await zippedFixture('scorm12/ContentPackagingSingleSCO_SCORM12'),
    );
    await writeFile(
      path.join(dir, 'two-scorm2004.zip'),
      await zippedFixture('scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition'),
    );
    await writeFile(
      path.join(dir, 'catalogue.json'),
      JSON.stringify({
        courses: [
          {
            slug: 'two',
            module: 3,
            title: 'Two',
            packages: { '1.2': 'two-scorm12.zip', '2004': 'two-scorm2004.zip' },
          },
          {
            slug: 'one',
            module: 1,
            title: 'One',
            packages: { '1.2': 'one-scorm12.zip', '2004': 'one-scorm2004.zip' },
          },
        ],
      }),
    );
    t = await startTestApp({ SEED_COURSES: 'true', COURSE_PACKAGES_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports both builds of each course into the global catalogue and attaches the 2004 one to module step n', async () => {
    const packages = await t.sql<{ filename: string; scorm_version: string; trust_id: string | null }>(
      `SELECT v.filename, v.scorm_version, p.trust_id FROM scorm_package p
         JOIN scorm_package_version v ON v.package_id = p.id ORDER BY v.filename`,
    );
    expect(packages).toEqual([
      { filename: 'one-scorm12.zip', scorm_version: '1.2', trust_id: null },
      { filename: 'one-scorm2004.zip', scorm_version: '2004-3rd', trust_id: null },
      { filename: 'two-scorm12.zip', scorm_version: '1.2', trust_id: null },
      { filename: 'two-scorm2004.zip', scorm_version: '2004-3rd', trust_id: null },
    ]);
    const steps = await t.sql<{ position: number; filename: string | null }>(
      `SELECT s.position, v.filename FROM programme_step s
         JOIN programme p ON p.id = s.programme_id AND p.slug = 'cq-inclusive-leadership'
         LEFT JOIN scorm_package_version v ON v.package_id = s.package_id
        WHERE s.kind = 'module' ORDER BY s.position`,
    );
    expect(steps.map((s) => s.filename)).toEqual([
      'one-scorm2004.zip',
      null,
      'two-scorm2004.zip',
      null,
      null,
      null,
    ]);
  });

  it('imports nothing twice and leaves a step an admin has changed alone', async () => {
    const [step] = await t.sql<{ id: string }>(
      `SELECT s.id FROM programme_step s JOIN programme p ON p.id = s.programme_id
        WHERE p.slug = 'cq-inclusive-leadership' AND s.kind = 'module' ORDER BY s.position LIMIT 1`,
    );
    const [other] = await t.sql<{ id: string }>(
      `SELECT p.id FROM scorm_package p JOIN scorm_package_version v ON v.package_id = p.id
        WHERE v.filename = 'two-scorm12.zip'`,
    );
    await t.sql(`UPDATE programme_step SET package_id = $2 WHERE id = $1`, [step.id, other.id]);
    expect(await t.running.app.get(CourseSeeder).seed()).toEqual({ imported: 0, attached: 0 });
    const [after] = await t.sql<{ package_id: string }>(
      `SELECT package_id FROM programme_step WHERE id = $1`,
      [step.id],
    );
    expect(after.package_id).toBe(other.id);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM scorm_package_version`);
    expect(n).toBe(4);
  });
});
