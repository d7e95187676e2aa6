import path from 'node:path';
import { zipFolder } from '../../src/modules/scorm/import/test-zips.js';
import { PASSWORD, type TestApp } from './app.js';
import { uploadFile, type TestClient } from './client.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/scorm/fixtures');

export interface ModuleSetup {
  admin: TestClient;
  learner: TestClient;
  trustId: string;
  personId: string;
  enrolmentId: string;
  programmeId: string;
  stepId: string;
  packageId: string;
  /** `/api/me/enrolments/{enrolmentId}/steps/{stepId}` */
  base: string;
}

let counter = 0;

/**
 * A learner enrolled on the default programme whose first module step plays `zip` (uploaded to the
 * global catalogue by a platform admin). Returns signed-in clients for both.
 */
export async function setUpModule(
  t: TestApp,
  zip: Uint8Array,
  opts: { trustId?: string; admin?: TestClient; filename?: string } = {},
): Promise<ModuleSetup> {
  const n = ++counter;
  const trustId =
    opts.trustId ?? (await t.createTrust(`Runtime Trust ${n}`, `RT${String(n).padStart(3, '0')}`));
  let admin = opts.admin;
  if (!admin) {
    await t.createUser({ email: `admin${n}@platform.nhs.uk`, grants: [{ role: 'platform_admin' }] });
    admin = t.client();
    await admin.signIn(`admin${n}@platform.nhs.uk`, PASSWORD);
  }
  const email = `learner${n}@trust.example`;
  const userId = await t.createUser({ email, grants: [{ role: 'learner', trustId }] });
  const [{ id: personId }] = await t.sql<{ id: string }>(
    `INSERT INTO person (trust_id, user_id, staff_number, full_name, work_email)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [trustId, userId, `S${n}`, `Learner Number${n}`, email],
  );
  const [{ id: programmeId }] = await t.sql<{ id: string }>(
    `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
  );
  const [{ id: cohortId }] = await t.sql<{ id: string }>(
    `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date)
     VALUES ($1, $2, $3, current_date, current_date + 60) RETURNING id`,
    [trustId, programmeId, `Cohort ${n}`],
  );
  const [{ id: enrolmentId }] = await t.sql<{ id: string }>(
    `INSERT INTO enrolment (cohort_id, person_id) VALUES ($1, $2) RETURNING id`,
    [cohortId, personId],
  );
  // These tests are about modules: the pre-assessment that opens them is waived, as L&D can.
  await t.sql(
    `INSERT INTO step_completion (enrolment_id, step_id, waived, waived_reason)
     SELECT $1, id, true, 'module tests' FROM programme_step WHERE programme_id = $2 AND timepoint = 'pre'`,
    [enrolmentId, programmeId],
  );
  const upload = await uploadFile(
    admin,
    '/api/packages',
    zip,
    opts.filename ?? 'module.zip',
    'application/zip',
  );
  if (upload.status !== 201)
    throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  const packageId: string = upload.body.id;
  const [{ id: stepId }] = await t.sql<{ id: string }>(
    `SELECT id FROM programme_step WHERE programme_id = $1 AND kind = 'module' ORDER BY position LIMIT 1`,
    [programmeId],
  );
  const attach = await admin.request('PUT', `/api/programmes/${programmeId}/steps/${stepId}/package`, {
    body: { packageId },
  });
  if (attach.status !== 204)
    throw new Error(`attach failed: ${attach.status} ${JSON.stringify(attach.body)}`);
  const learner = t.client();
  await learner.signIn(email, PASSWORD);
  return {
    admin,
    learner,
    trustId,
    personId,
    enrolmentId,
    programmeId,
    stepId,
    packageId,
    base: `/api/me/enrolments/${enrolmentId}/steps/${stepId}`,
  };
}

export const zippedFixture = async (folder: string) =>
  new Uint8Array(await zipFolder(path.join(FIXTURES, folder)));

/** The player's side of the run time, over HTTP on the content origin. */
export class PlayerClient {
  readonly token: string;

  constructor(
    readonly contentUrl: string,
    playerUrl: string,
  ) {
    this.token = new URL(playerUrl).pathname.split('/').pop() as string;
  }

  async state(): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.contentUrl}/runtime/${this.token}`);
    return { status: res.status, body: await res.json() };
  }

  async commit(
    body: unknown,
    opts: { contentType?: string; raw?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.contentUrl}/runtime/${this.token}/commits`, {
      method: 'POST',
      headers: { 'content-type': opts.contentType ?? 'application/json' },
      body: opts.raw ?? JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: kept as text */
    }
    return { status: res.status, body: parsed };
  }
}
