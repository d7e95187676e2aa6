import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient, uploadFile } from './support/client.js';
import { ESR_HEADER, staffCsv, staffLine, staffLines } from './support/staff-csv.js';

describe('staff CSV import', () => {
  let t: TestApp;
  let lnd: TestClient;
  let trustId: string;
  let otherTrustId: string;
  const importsPath = () => `/api/trusts/${trustId}/staff-imports`;
  const countPeople = async () =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE trust_id = $1`, [trustId]))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_MAX_MB: '1' });
    trustId = await t.createTrust('Northfield', 'NTH01');
    otherTrustId = await t.createTrust('Elsewhere', 'ELS01');
    await t.createUser({ email: 'lnd@northfield.example', grants: [{ role: 'lnd_admin', trustId }] });
    lnd = t.client();
    await lnd.signIn('lnd@northfield.example', PASSWORD);
  });
  afterAll(() => t?.close());

  it('previews 30 staff with 2 bad rows, says which rows and why, and writes nothing', async () => {
    const lines = staffLines(30);
    lines[4] = staffLine(5, { email: 'not-an-email' });
    lines[19] = staffLine(20, { band: '12' });
    const res = await uploadFile(lnd, importsPath(), staffCsv(lines), 'esr-export.csv');
    expect(res.status).toBe(201);
    const p = res.body;
    expect(p).toMatchObject({
      filename: 'esr-export.csv',
      rowCount: 30,
      validCount: 28,
      invalidRowCount: 2,
      canConfirm: false,
      missingFields: [],
    });
    expect(p.mapping).toMatchObject({
      staffNumber: 'Employee Number',
      firstName: 'First Name',
      lastName: 'Last Name',
      workEmail: 'Work Email Address',
    });
    expect(p.errors).toEqual([
      { row: 6, column: 'Work Email Address', reason: expect.stringMatching(/email/i) },
      { row: 21, column: 'Pay Band', reason: expect.stringMatching(/'12' is not an Agenda for Change band/) },
    ]);
    const confirm = await lnd.post(`${importsPath()}/${p.id}/confirm`);
    expect(confirm.status).toBe(400);
    expect(confirm.body.message).toBe(
      '2 rows have problems. Nothing has been imported: fix the file and upload it again.',
    );
    expect(await countPeople()).toBe(0);
  });

  it('imports the fixed file in one go, and importing it again changes nothing', async () => {
    const csv = staffCsv(staffLines(30));
    const first = await uploadFile(lnd, importsPath(), csv);
    expect(first.body).toMatchObject({ canConfirm: true, toCreate: 30, toUpdate: 0, unchanged: 0 });
    const done = await lnd.post(`${importsPath()}/${first.body.id}/confirm`);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ created: 30, updated: 0, unchanged: 0 });
    expect(await countPeople()).toBe(30);
    const [person] = await t.sql<{ full_name: string; band: string; staff_number: string }>(
      `SELECT full_name, band, staff_number FROM person WHERE staff_number = '100001'`,
    );
    expect(person).toEqual({ full_name: 'Sam1 Jones1', band: '7', staff_number: '100001' });
    const [audit] = await t.sql<{ detail: { created: number } }>(
      `SELECT detail FROM audit_event WHERE action = 'staff.import'`,
    );
    expect(audit.detail.created).toBe(30);

    const stamps = await t.sql(`SELECT id, updated_at FROM person ORDER BY id`);
    const again = await uploadFile(lnd, importsPath(), csv);
    expect(again.body).toMatchObject({ toCreate: 0, toUpdate: 0, unchanged: 30 });
    const second = await lnd.post(`${importsPath()}/${again.body.id}/confirm`);
    expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: 30 });
    expect(await t.sql(`SELECT id, updated_at FROM person ORDER BY id`)).toEqual(stamps);
    expect((await lnd.post(`${importsPath()}/${again.body.id}/confirm`)).status).toBe(409);
  });

  it('updates only the rows that changed', async () => {
    const lines = staffLines(30);
    lines[2] = staffLine(3, { title: 'Matron', band: '8a' });
    const res = await uploadFile(lnd, importsPath(), staffCsv(lines));
    expect(res.body).toMatchObject({ toCreate: 0, toUpdate: 1, unchanged: 29 });
    expect((await lnd.post(`${importsPath()}/${res.body.id}/confirm`)).body).toMatchObject({
      updated: 1,
      unchanged: 29,
    });
    const [p] = await t.sql<{ job_title: string; band: string }>(
      `SELECT job_title, band FROM person WHERE staff_number = '100003'`,
    );
    expect(p).toEqual({ job_title: 'Matron', band: '8a' });
  });

  it('refuses a file that is not UTF-8, saying how to fix it, and stores nothing', async () => {
    const latin1 = Buffer.from(
      `${ESR_HEADER}\r\n200001,Ren\xe9e,Dubois,renee@northfield.example,Sister,6,Surgery,\r\n`,
      'latin1',
    );
    const before = await t.sql(`SELECT id FROM staff_import`);
    const res = await uploadFile(lnd, importsPath(), latin1);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/UTF-8/);
    expect(res.body.message).toMatch(/CSV UTF-8/);
    expect(await t.sql(`SELECT id FROM staff_import`)).toHaveLength(before.length);
  });

  it('refuses an empty file and a header with no staff', async () => {
    for (const content of ['', '\r\n  \r\n', `${ESR_HEADER}\r\n`]) {
      const res = await uploadFile(lnd, importsPath(), content);
      expect(res.status, JSON.stringify(content)).toBe(400);
      expect(res.body.message).toMatch(/empty|no staff/i);
    }
  });

  it('refuses a file over the size limit with the limit in the message', async () => {
    const big = staffCsv(staffLines(20_000, 500_000));
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const res = await uploadFile(lnd, importsPath(), big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('larger than 1 MB'),
    });
  });

  it('asks for a missing required column and will not import without it', async () => {
    const csv = ['Employee Number,First Name,Last Name,Position Title', '300001,Ade,Okoro,Charge Nurse'].join(
      '\n',
    );
    const res = await uploadFile(lnd, importsPath(), csv);
    expect(res.status).toBe(201);
    expect(res.body.missingFields).toEqual(['Work email']);
    expect(res.body.canConfirm).toBe(false);
    const confirm = await lnd.post(`${importsPath()}/${res.body.id}/confirm`);
    expect(confirm.status).toBe(400);
    expect(confirm.body.message).toBe('Choose the column for Work email before importing.');
    expect(await t.sql(`SELECT id FROM person WHERE staff_number = '300001'`)).toEqual([]);
  });

  it('lets the person choose columns, checks them, and remembers the choice for the trust', async () => {
    const csv = ['Ref,Who,Mail,Grade', '400001,Kai Chen,kai.chen@northfield.example,Band 7'].join('\n');
    const up = await uploadFile(lnd, importsPath(), csv);
    expect(up.body.missingFields.sort()).toEqual(['Full name', 'Staff number', 'Work email'].sort());
    const bad = await lnd.request('PUT', `${importsPath()}/${up.body.id}/mapping`, {
      body: { mapping: { staffNumber: 'Nope' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('The file has no column called "Nope".');
    const mapped = await lnd.request('PUT', `${importsPath()}/${up.body.id}/mapping`, {
      body: { mapping: { staffNumber: 'Ref', fullName: 'Who', workEmail: 'Mail', band: 'Grade' } },
    });
    expect(mapped.body).toMatchObject({ missingFields: [], canConfirm: true, toCreate: 1 });
    expect((await lnd.post(`${importsPath()}/${up.body.id}/confirm`)).status).toBe(201);
    const next = await uploadFile(
      lnd,
      importsPath(),
      ['Ref,Who,Mail,Grade', '400002,Lee Park,lee.park@northfield.example,6'].join('\n'),
    );
    expect(next.body.mapping).toEqual({
      staffNumber: 'Ref',
      fullName: 'Who',
      workEmail: 'Mail',
      band: 'Grade',
    });
  });

  it('finds duplicate staff numbers in the file and e-mail clashes with existing staff', async () => {
    const lines = [
      staffLine(900),
      staffLine(901),
      staffLine(900, { email: 'other@northfield.example' }),
      staffLine(902, { email: 'sam.jones1@northfield.example' }),
    ];
    const res = await uploadFile(lnd, importsPath(), staffCsv(lines));
    expect(res.body.duplicates).toEqual([{ staffNumber: '100900', rows: [2, 4] }]);
    const byRow = (row: number) =>
      res.body.errors.filter((e: { row: number }) => e.row === row).map((e: { reason: string }) => e.reason);
    expect(byRow(2).join(' ')).toMatch(/100900/);
    expect(byRow(4).join(' ')).toMatch(/100900/);
    expect(byRow(5)).toEqual([
      'Email address sam.jones1@northfield.example already belongs to staff number 100001',
    ]);
    expect(res.body.canConfirm).toBe(false);
  });

  it('neutralises formula-injection cells on the way in', async () => {
    const res = await uploadFile(
      lnd,
      importsPath(),
      staffCsv([staffLine(950, { first: '=HYPERLINK("http://x")', title: '+SUM(A1)' })]),
    );
    expect(res.body.canConfirm).toBe(true);
    await lnd.post(`${importsPath()}/${res.body.id}/confirm`);
    const [p] = await t.sql<{ full_name: string; job_title: string }>(
      `SELECT full_name, job_title FROM person WHERE staff_number = '100950'`,
    );
    expect(p.full_name.startsWith("'=HYPERLINK")).toBe(true);
    expect(p.job_title).toBe("'+SUM(A1)");
  });

  it('writes everything or nothing: a failure part-way through leaves no staff behind', async () => {
    const before = await countPeople();
    await t.sql(`CREATE FUNCTION fail_on_777() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN IF NEW.staff_number = '100777' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`);
    await t.sql(
      `CREATE TRIGGER fail_on_777 BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION fail_on_777()`,
    );
    try {
      const res = await uploadFile(lnd, importsPath(), staffCsv(staffLines(100, 700)));
      const confirm = await lnd.post(`${importsPath()}/${res.body.id}/confirm`);
      expect(confirm.status).toBe(500);
      expect(await countPeople()).toBe(before);
      const [imp] = await t.sql<{ status: string }>(`SELECT status FROM staff_import WHERE id = $1`, [
        res.body.id,
      ]);
      expect(imp.status).toBe('previewed');
    } finally {
      await t.sql(`DROP TRIGGER fail_on_777 ON person`);
      await t.sql(`DROP FUNCTION fail_on_777()`);
    }
  });

  it("lists the trust's staff, and keeps other trusts out", async () => {
    const page = await lnd.get(`/api/trusts/${trustId}/people?q=jones1&limit=5`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThan(5);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.items[0]).toMatchObject({ accountStatus: 'none', activeEnrolments: 0 });
    expect((await lnd.get(`/api/trusts/${otherTrustId}/people`)).status).toBe(403);
    expect(
      (await uploadFile(lnd, `/api/trusts/${otherTrustId}/staff-imports`, staffCsv(staffLines(1)))).status,
    ).toBe(403);
  });
});

describe('adding one member of staff', () => {
  let t: TestApp;
  let lnd: TestClient;
  let trustId: string;

  beforeAll(async () => {
    t = await startTestApp();
    trustId = await t.createTrust('Northfield', 'NTH01');
    await t.createUser({ email: 'lnd@northfield.example', grants: [{ role: 'lnd_admin', trustId }] });
    lnd = t.client();
    await lnd.signIn('lnd@northfield.example', PASSWORD);
  });
  afterAll(() => t?.close());

  it('checks the details with the CSV rules, saves them, and refuses a second person with the same staff number or email', async () => {
    const bad = await lnd.post(`/api/trusts/${trustId}/people`, {
      staffNumber: '',
      fullName: 'Ama Mensah',
      workEmail: 'nope',
      band: 'Band 12',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'band',
      'staffNumber',
      'workEmail',
    ]);
    expect(await t.sql(`SELECT id FROM person`)).toEqual([]);

    const ok = await lnd.post(`/api/trusts/${trustId}/people`, {
      staffNumber: '0012345',
      fullName: 'Ama Mensah',
      workEmail: 'Ama.Mensah@Northfield.example',
      band: 'Band 8A',
      directorate: '=Estates',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      staffNumber: '0012345',
      workEmail: 'ama.mensah@northfield.example',
      band: '8a',
      directorate: "'=Estates",
      accountStatus: 'none',
    });

    const sameNumber = await lnd.post(`/api/trusts/${trustId}/people`, {
      staffNumber: '0012345',
      fullName: 'X Y',
      workEmail: 'x.y@northfield.example',
    });
    expect(sameNumber.status).toBe(409);
    expect(sameNumber.body.message).toBe('Staff number 0012345 already belongs to Ama Mensah.');
    const sameEmail = await lnd.post(`/api/trusts/${trustId}/people`, {
      staffNumber: '999',
      fullName: 'X Y',
      workEmail: 'ama.mensah@northfield.example',
    });
    expect(sameEmail.status).toBe(409);
    expect(await t.sql(`SELECT id FROM person`)).toHaveLength(1);
  });
});
