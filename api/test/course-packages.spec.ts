import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from './support/app.js';
import { uploadFile, type TestClient } from './support/client.js';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'content/dist');

interface Catalogue {
  courses: { slug: string; module: number; title: string; packages: { '1.2': string; '2004': string } }[];
}

describe("the project's own course packages", () => {
  let t: TestApp;
  let admin: TestClient;
  let catalogue: Catalogue;

  beforeAll(async () => {
    // Build them as `npm run content:build` does (Nx answers from its cache when nothing changed).
    const built = spawnSync('npx', ['nx', 'run', 'content:build', '--output-style=static'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    if (built.status !== 0) throw new Error(`content:build failed:\n${built.stdout}${built.stderr}`);
    catalogue = JSON.parse(await readFile(path.join(dist, 'catalogue.json'), 'utf8'));
    t = await startTestApp();
    await t.createUser({ email: 'admin@courses.example', grants: [{ role: 'platform_admin' }] });
    admin = t.client();
    await admin.signIn('admin@courses.example', PASSWORD);
  }, 180_000);
  afterAll(() => t?.close());

  it('are six modules, one per module step, each built for SCORM 1.2 and 2004', () => {
    expect(catalogue.courses.map((c) => c.module)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("import through the engine's own importer with the right version, one SCO and the course title", async () => {
    for (const course of catalogue.courses) {
      for (const [version, expected] of [
        ['1.2', '1.2'],
        ['2004', '2004-4th'],
      ] as const) {
        const name = course.packages[version];
        const res = await uploadFile(
          admin,
          '/api/packages',
          await readFile(path.join(dist, name)),
          name,
          'application/zip',
        );
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
        expect(res.body.title).toBe(`Module ${course.module}: ${course.title}`);
        expect(res.body.latest.scormVersion).toBe(expected);
        expect(res.body.latest.scos).toHaveLength(1);
        expect(res.body.latest.scos[0].launch).toBe('index.html');
      }
    }
  }, 120_000);
});
