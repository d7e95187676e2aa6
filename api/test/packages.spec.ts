import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawZip, zeroBomb, zipFolder } from '../src/modules/scorm/import/test-zips.js';
import { PackageImportService } from '../src/modules/scorm/package-import.service.js';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient, uploadFile } from './support/client.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/scorm/fixtures');
const fixture = (p: string) => path.join(FIXTURES, p);
const zipped = async (p: string) => new Uint8Array(await zipFolder(fixture(p)));

describe('SCORM package import', () => {
  let t: TestApp;
  let admin: TestClient;
  let lnd: TestClient;
  let trustId: string;
  let otherTrustId: string;

  beforeAll(async () => {
    t = await startTestApp();
    trustId = await t.createTrust('Northfield', 'NTH01');
    otherTrustId = await t.createTrust('Elsewhere', 'ELS01');
    await t.createUser({ email: 'admin@platform.nhs.uk', grants: [{ role: 'platform_admin' }] });
    await t.createUser({ email: 'lnd@northfield.example', grants: [{ role: 'lnd_admin', trustId }] });
    admin = t.client();
    await admin.signIn('admin@platform.nhs.uk', PASSWORD);
    lnd = t.client();
    await lnd.signIn('lnd@northfield.example', PASSWORD);
  });
  afterAll(() => t?.close());

  it.each([
    ['scorm12/RuntimeBasicCalls_SCORM12', '1.2', 1],
    ['scorm12/ContentPackagingSingleSCO_SCORM12', '1.2', 1],
    ['scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', '2004-3rd', 1],
    ['scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition', '2004-3rd', 1],
    ['scorm2004/SequencingForcedSequential_SCORM20043rdEdition', '2004-3rd', 5],
  ])(
    'imports %s as SCORM %s with %i SCO(s) and a launch file that is in the package',
    async (folder, version, scoCount) => {
      const res = await uploadFile(
        admin,
        '/api/packages',
        await zipped(folder),
        `${path.basename(folder)}.zip`,
        'application/zip',
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        trustId: null,
        versionCount: 1,
        latest: { versionNumber: 1, scormVersion: version },
      });
      expect(res.body.latest.scos).toHaveLength(scoCount);
      // SCORM 2004 sequencing is stored with the version. The forced-sequential package shares four global
      // objectives (each lesson's status, read by the next lesson's precondition); RuntimeBasicCalls declares
      // delivery controls only; the single-SCO package and SCORM 1.2 declare none.
      const expected: Record<string, unknown> = {
        'scorm2004/SequencingForcedSequential_SCORM20043rdEdition': {
          globalObjectives: [
            'com.scorm.golfsamples.sequencing.forcedsequential.etiquette_satisfied',
            'com.scorm.golfsamples.sequencing.forcedsequential.handicapping_satisfied',
            'com.scorm.golfsamples.sequencing.forcedsequential.havingfun_satisfied',
            'com.scorm.golfsamples.sequencing.forcedsequential.playing_satisfied',
          ],
        },
        'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition': { globalObjectives: [] },
      };
      expect(res.body.latest.sequencing).toEqual(expected[folder] ?? null);
      const launchFile = decodeURIComponent(res.body.latest.scos[0].launch.split(/[?#]/)[0]);
      const onDisk = await readdir(path.dirname(path.join(fixture(folder), launchFile)));
      expect(onDisk).toContain(path.basename(launchFile));
    },
  );

  it.each([
    ['scorm12/MalformedXml_SCORM12', /line \d+/],
    ['scorm12/MissingLaunchUrl_SCORM12', /launch|href/i],
    ['scorm12/InvalidFileReferences_SCORM12', /The manifest lists files the zip does not contain/],
    ['scorm2004/InvalidMissingOrgIdentifier_SCORM20043rdEdition', /identifier/i],
  ])('refuses %s with a specific message and stores no package', async (folder, message) => {
    const before = await t.sql(`SELECT id FROM scorm_package`);
    const res = await uploadFile(admin, '/api/packages', await zipped(folder), 'bad.zip', 'application/zip');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(message);
    expect(await t.sql(`SELECT id FROM scorm_package`)).toHaveLength(before.length);
  });

  const manifest12 = Buffer.from(
    `<?xml version="1.0"?><manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
     <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
     <organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>I</title></item></organization></organizations>
     <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>`,
  );
  const page = Buffer.from('<html><body>ok</body></html>');

  it.each([
    [
      'zip slip',
      rawZip([
        { name: 'imsmanifest.xml', data: manifest12 },
        { name: '../evil.js', data: page },
      ]),
      /\.\.\/evil\.js/,
    ],
    [
      'a symlink',
      rawZip([
        { name: 'imsmanifest.xml', data: manifest12 },
        { name: 'index.html', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
      ]),
      /link/i,
    ],
    ['a zip bomb', zeroBomb(50 * 1024 * 1024), /compress|ratio|bomb/i],
    [
      'a DOCTYPE with an external entity',
      rawZip([
        {
          name: 'imsmanifest.xml',
          data: Buffer.from(
            `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest identifier="&x;"/>`,
          ),
        },
        { name: 'index.html', data: page },
      ]),
      /DOCTYPE/,
    ],
    [
      'a manifest in a subfolder',
      rawZip([
        { name: 'course/imsmanifest.xml', data: manifest12 },
        { name: 'course/index.html', data: page },
      ]),
      /inside the folder "course\/"/,
    ],
    ['no manifest', rawZip([{ name: 'index.html', data: page }]), /no imsmanifest\.xml at its top level/],
    [
      'SCORM 2004 sequencing with an impossible attempt limit',
      rawZip([
        {
          name: 'imsmanifest.xml',
          data: Buffer.from(
            `<?xml version="1.0"?><manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
             <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
             <organizations default="o"><organization identifier="o"><title>T</title>
               <item identifier="i" identifierref="r"><title>I</title>
                 <imsss:sequencing><imsss:limitConditions attemptLimit="many"/></imsss:sequencing></item>
             </organization></organizations>
             <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>`,
          ),
        },
        { name: 'index.html', data: page },
      ]),
      /sequencing cannot be used.*attemptLimit.*many/,
    ],
    ['a file that is not a zip', Buffer.from('just text'), /zip/i],
  ])('refuses %s with a plain message', async (_, zip, message) => {
    const res = await uploadFile(
      admin,
      '/api/packages',
      new Uint8Array(zip),
      'hostile.zip',
      'application/zip',
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('reads the sequencing of 2004 versions stored without it from their stored manifest, at start', async () => {
    const folder = 'scorm2004/SequencingForcedSequential_SCORM20043rdEdition';
    const res = await uploadFile(admin, '/api/packages', await zipped(folder), 'seq.zip', 'application/zip');
    expect(res.status).toBe(201);
    const versionId = res.body.latest.id;
    const stored = async () =>
      (
        await t.sql<{ sequencing: unknown }>(`SELECT sequencing FROM scorm_package_version WHERE id = $1`, [
          versionId,
        ])
      )[0].sequencing;
    const original = await stored();
    expect(original).toMatchObject({ hasSequencing: true });
    await t.sql(`UPDATE scorm_package_version SET sequencing = NULL WHERE id = $1`, [versionId]);
    expect(await t.running.app.get(PackageImportService).backfillSequencing()).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual(original);
    // SCORM 1.2 versions have none to read and stay null.
    expect(
      await t.sql(
        `SELECT id FROM scorm_package_version WHERE scorm_version = '1.2' AND sequencing IS NOT NULL`,
      ),
    ).toEqual([]);
  });

  it('keeps existing versions when a new version is uploaded, and stores identical files once', async () => {
    const zip = rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'index.html', data: page },
    ]);
    const first = await uploadFile(
      lnd,
      `/api/trusts/${trustId}/packages`,
      new Uint8Array(zip),
      'v1.zip',
      'application/zip',
    );
    expect(first.status).toBe(201);
    expect(first.body.trustId).toBe(trustId);
    const form = new FormData();
    form.append('replacesPackageId', first.body.id);
    form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'v2.zip');
    const second = await fetch(`${t.url}/api/trusts/${trustId}/packages`, {
      method: 'POST',
      body: form,
      headers: { cookie: lnd.cookieHeader(), 'x-csrf-token': lnd.csrfToken! },
    });
    const body = (await second.json()) as {
      id: string;
      versionCount: number;
      latest: { versionNumber: number };
    };
    expect(second.status).toBe(201);
    expect(body).toMatchObject({ id: first.body.id, versionCount: 2, latest: { versionNumber: 2 } });
    const versions = await t.sql<{ version_number: number }>(
      `SELECT version_number FROM scorm_package_version WHERE package_id = $1 ORDER BY 1`,
      [first.body.id],
    );
    expect(versions.map((v) => v.version_number)).toEqual([1, 2]);
    const files = await t.sql<{ files: Record<string, { sha256: string }> }>(
      `SELECT files FROM scorm_package_version WHERE package_id = $1 ORDER BY version_number`,
      [first.body.id],
    );
    expect(files[1].files['index.html'].sha256).toBe(files[0].files['index.html'].sha256);
  });

  it("keeps each trust's catalogue to itself", async () => {
    const zip = rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'index.html', data: page },
    ]);
    expect(
      (
        await uploadFile(
          lnd,
          `/api/trusts/${otherTrustId}/packages`,
          new Uint8Array(zip),
          'x.zip',
          'application/zip',
        )
      ).status,
    ).toBe(403);
    expect(
      (await uploadFile(lnd, '/api/packages', new Uint8Array(zip), 'x.zip', 'application/zip')).status,
    ).toBe(403);
    const list = await lnd.get('/api/packages');
    expect(
      list.body.every((p: { trustId: string | null }) => p.trustId === null || p.trustId === trustId),
    ).toBe(true);
  });
});

describe('package upload temporary files', () => {
  it('removes the uploaded file whether the import succeeds, is refused, or the form is invalid', async () => {
    const { readdir: list } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const uploads = path.join(tmpdir(), 'cqp-uploads');
    const t = await startTestApp();
    try {
      await t.createUser({ email: 'admin@platform.nhs.uk', grants: [{ role: 'platform_admin' }] });
      const admin = t.client();
      await admin.signIn('admin@platform.nhs.uk', PASSWORD);
      const before = new Set(await list(uploads).catch(() => [] as string[]));
      await uploadFile(
        admin,
        '/api/packages',
        await zipped('scorm12/RuntimeBasicCalls_SCORM12'),
        'ok.zip',
        'application/zip',
      );
      await uploadFile(
        admin,
        '/api/packages',
        new Uint8Array(Buffer.from('not a zip')),
        'bad.zip',
        'application/zip',
      );
      const form = new FormData();
      form.append('replacesPackageId', 'not-a-uuid');
      form.append('file', new Blob([new Uint8Array(Buffer.from('x'))]), 'x.zip');
      const invalidForm = await fetch(`${t.url}/api/packages`, {
        method: 'POST',
        body: form,
        headers: { cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrfToken! },
      });
      expect(invalidForm.status).toBe(400);
      await new Promise((r) => setTimeout(r, 200));
      const left = (await list(uploads).catch(() => [] as string[])).filter((f) => !before.has(f));
      expect(left).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('package size limit', () => {
  it('refuses a package over PACKAGE_MAX_MB, naming the limit, and keeps nothing', async () => {
    const t = await startTestApp({ PACKAGE_MAX_MB: '1' });
    try {
      await t.createUser({ email: 'admin@platform.nhs.uk', grants: [{ role: 'platform_admin' }] });
      const admin = t.client();
      await admin.signIn('admin@platform.nhs.uk', PASSWORD);
      const big = rawZip([
        { name: 'imsmanifest.xml', data: Buffer.from('<manifest/>') },
        { name: 'video.bin', data: Buffer.alloc(2 * 1024 * 1024, 7) },
      ]);
      const res = await uploadFile(admin, '/api/packages', new Uint8Array(big), 'big.zip', 'application/zip');
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('larger than 1 MB'),
      });
      expect(await t.sql(`SELECT id FROM scorm_package`)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
