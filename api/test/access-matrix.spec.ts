import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient, TestResponse } from './support/client.js';

/**
 * Route × role × own/other scope → allow or deny, for every route the app registers. The route
 * list is read from the running Express router, so a new route without an entry here fails.
 * Deny means 401 UNAUTHENTICATED (anonymous) or 403 FORBIDDEN; anything else that is not a 5xx
 * means the request got past access control.
 */
type Outcome = 'allow' | 'deny';
type Scoped = Outcome | { own: Outcome; other: Outcome };
type Caller = 'anonymous' | 'learner' | 'lnd_admin' | 'researcher' | 'platform_admin';
type Scope = 'own' | 'other';

interface Ctx {
  ownTrust: string;
  otherTrust: string;
  ownStudy: string;
  otherStudy: string;
  targetUser: string;
  programmeId: string;
  instrumentId: string;
  newGrant(): Promise<string>;
}

interface Entry {
  access: Record<Caller, Scoped>;
  params?: (ctx: Ctx, scope: Scope) => Promise<Record<string, string>> | Record<string, string>;
  body?: (ctx: Ctx, scope: Scope) => unknown;
  /** Needs a session of its own (the request ends it). */
  fresh?: boolean;
}

const everyone: Record<Caller, Scoped> = {
  anonymous: 'allow',
  learner: 'allow',
  lnd_admin: 'allow',
  researcher: 'allow',
  platform_admin: 'allow',
};
const signedIn: Record<Caller, Scoped> = { ...everyone, anonymous: 'deny' };
const adminOnly: Record<Caller, Scoped> = {
  anonymous: 'deny',
  learner: 'deny',
  lnd_admin: 'deny',
  researcher: 'deny',
  platform_admin: 'allow',
};
const trustAdmin: Record<Caller, Scoped> = { ...adminOnly, lnd_admin: { own: 'allow', other: 'deny' } };
const studyReader: Record<Caller, Scoped> = { ...adminOnly, researcher: { own: 'allow', other: 'deny' } };
const learnerOnly: Record<Caller, Scoped> = { ...adminOnly, learner: 'allow', platform_admin: 'deny' };
const adminOrResearcher: Record<Caller, Scoped> = { ...adminOnly, researcher: 'allow' };

const unique = () => randomBytes(4).toString('hex');
const trustParam = (c: Ctx, s: Scope) => ({ trustId: s === 'own' ? c.ownTrust : c.otherTrust });
const studyParam = (c: Ctx, s: Scope) => ({ studyId: s === 'own' ? c.ownStudy : c.otherStudy });
/** Trust-scoped routes whose other ids name nothing: access is decided before existence (404 counts as allowed). */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000001';
const withId =
  (...names: string[]) =>
  (c: Ctx, s: Scope) => ({ ...trustParam(c, s), ...Object.fromEntries(names.map((n) => [n, NO_SUCH_ID])) });

const MATRIX: Record<string, Entry> = {
  'GET /api/health': { access: everyone },
  'GET /api/docs': { access: everyone },
  'GET /api/openapi.json': { access: everyone },
  'GET /api/docs-yaml': { access: everyone },
  'GET /api/auth/session': { access: everyone },
  'POST /api/auth/sign-in': {
    access: everyone,
    body: () => ({ email: `nobody-${unique()}@x.nhs.uk`, password: 'whatever-it-is' }),
  },
  'POST /api/auth/sign-out': { access: signedIn, fresh: true },
  'POST /api/auth/password-reset': {
    access: everyone,
    body: () => ({ email: `nobody-${unique()}@x.nhs.uk` }),
  },
  'POST /api/auth/password-reset/complete': {
    access: everyone,
    body: () => ({ token: 'x'.repeat(43), password: 'a-long-enough-password' }),
  },
  'GET /api/accounts': { access: adminOnly },
  'POST /api/accounts': {
    access: adminOnly,
    body: () => ({ email: `new-${unique()}@x.nhs.uk`, displayName: 'New Person' }),
  },
  'POST /api/accounts/:userId/roles': {
    access: adminOnly,
    params: (c) => ({ userId: c.targetUser }),
    body: (c) => ({ role: 'learner', trustId: c.otherTrust }),
  },
  'DELETE /api/accounts/:userId/roles/:grantId': {
    access: adminOnly,
    params: async (c) => ({ userId: c.targetUser, grantId: await c.newGrant() }),
  },
  'GET /api/trusts': { access: { ...adminOnly, lnd_admin: 'allow' } },
  'POST /api/trusts': {
    access: adminOnly,
    body: () => ({ name: 'Matrix Trust', odsCode: `M${unique().toUpperCase()}` }),
  },
  'GET /api/trusts/:trustId': { access: trustAdmin, params: trustParam },
  'GET /api/trusts/:trustId/members': { access: trustAdmin, params: trustParam },
  'POST /api/trusts/:trustId/invitations': {
    access: trustAdmin,
    params: trustParam,
    body: () => ({ email: `invitee-${unique()}@x.nhs.uk`, displayName: 'Invitee', role: 'learner' }),
  },
  'GET /api/studies': { access: { ...adminOnly, researcher: 'allow' } },
  'POST /api/studies': {
    access: adminOnly,
    body: (c) => ({ name: 'Matrix Study', description: '', trustIds: [c.ownTrust] }),
  },
  'GET /api/studies/:studyId': { access: studyReader, params: studyParam },
  'GET /api/admin/outbox': { access: adminOnly },
  'GET /api/programmes': { access: { ...adminOnly, lnd_admin: 'allow' } },
  'GET /api/me/learning': { access: { ...adminOnly, learner: 'allow', platform_admin: 'deny' } },
  'GET /api/trusts/:trustId/people': { access: trustAdmin, params: trustParam },
  'POST /api/trusts/:trustId/people': {
    access: trustAdmin,
    params: trustParam,
    body: () => ({
      staffNumber: `M${unique()}`,
      fullName: 'Matrix Person',
      workEmail: `matrix-${unique()}@x.nhs.uk`,
    }),
  },
  'POST /api/trusts/:trustId/staff-imports': { access: trustAdmin, params: trustParam },
  'GET /api/trusts/:trustId/staff-imports/:importId': { access: trustAdmin, params: withId('importId') },
  'PUT /api/trusts/:trustId/staff-imports/:importId/mapping': {
    access: trustAdmin,
    params: withId('importId'),
    body: () => ({ mapping: {} }),
  },
  'POST /api/trusts/:trustId/staff-imports/:importId/confirm': {
    access: trustAdmin,
    params: withId('importId'),
  },
  'GET /api/trusts/:trustId/cohorts': { access: trustAdmin, params: trustParam },
  'POST /api/trusts/:trustId/cohorts': {
    access: trustAdmin,
    params: trustParam,
    body: (c) => ({
      name: 'Matrix cohort',
      programmeId: c.programmeId,
      startDate: '2027-01-04',
      dueDate: '2027-03-31',
    }),
  },
  'GET /api/trusts/:trustId/cohorts/:cohortId': { access: trustAdmin, params: withId('cohortId') },
  'GET /api/trusts/:trustId/cohorts/:cohortId/export.csv': { access: trustAdmin, params: withId('cohortId') },
  'POST /api/trusts/:trustId/cohorts/:cohortId/enrolments': {
    access: trustAdmin,
    params: withId('cohortId'),
    body: () => ({ personIds: [NO_SUCH_ID] }),
  },
  'POST /api/trusts/:trustId/cohorts/:cohortId/enrolments/:enrolmentId/withdraw': {
    access: trustAdmin,
    params: withId('cohortId', 'enrolmentId'),
    body: () => ({ reason: 'Left the trust' }),
  },
  'POST /api/trusts/:trustId/cohorts/:cohortId/enrolments/:enrolmentId/move': {
    access: trustAdmin,
    params: withId('cohortId', 'enrolmentId'),
    body: () => ({ toCohortId: NO_SUCH_ID }),
  },
  'GET /api/trusts/:trustId/reminders': { access: trustAdmin, params: trustParam },
  'GET /api/packages': { access: { ...adminOnly, lnd_admin: 'allow' } },
  'GET /api/packages/:packageId': {
    access: { ...adminOnly, lnd_admin: 'allow' },
    params: () => ({ packageId: NO_SUCH_ID }),
  },
  'POST /api/packages': { access: adminOnly },
  'PUT /api/packages/:packageId/policy': {
    access: { ...adminOnly, lnd_admin: 'allow' },
    params: () => ({ packageId: NO_SUCH_ID }),
    body: () => ({ attemptPolicy: 'never', grading: 'last' }),
  },
  'PUT /api/programmes/:programmeId/steps/:stepId/package': {
    access: adminOnly,
    params: (c) => ({ programmeId: c.programmeId, stepId: NO_SUCH_ID }),
    body: () => ({ packageId: null }),
  },
  'GET /api/me/enrolments/:enrolmentId/steps/:stepId/module': {
    access: { ...adminOnly, learner: 'allow', platform_admin: 'deny' },
    params: () => ({ enrolmentId: NO_SUCH_ID, stepId: NO_SUCH_ID }),
  },
  'POST /api/me/enrolments/:enrolmentId/steps/:stepId/launches': {
    access: { ...adminOnly, learner: 'allow', platform_admin: 'deny' },
    params: () => ({ enrolmentId: NO_SUCH_ID, stepId: NO_SUCH_ID }),
    body: () => ({}),
  },
  'GET /api/trusts/:trustId/enrolments/:enrolmentId/attempts': {
    access: trustAdmin,
    params: withId('enrolmentId'),
  },
  'GET /api/trusts/:trustId/attempts/:attemptId': { access: trustAdmin, params: withId('attemptId') },
  'POST /api/trusts/:trustId/packages': { access: trustAdmin, params: trustParam },
  'GET /api/studies/:studyId/exports/long.csv': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/exports/wide.csv': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/exports/codebook.csv': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/exports/read.sps': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/exports/read.R': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/exports/export.zip': { access: studyReader, params: studyParam },
  'GET /api/me/enrolments/:enrolmentId/steps/:stepId/assessment': {
    access: learnerOnly,
    params: () => ({ enrolmentId: NO_SUCH_ID, stepId: NO_SUCH_ID }),
  },
  'PUT /api/me/enrolments/:enrolmentId/steps/:stepId/assessment/:instrumentKey/answers': {
    access: learnerOnly,
    params: () => ({ enrolmentId: NO_SUCH_ID, stepId: NO_SUCH_ID, instrumentKey: 'cq-self-assessment' }),
    body: () => ({ answers: {} }),
  },
  'POST /api/me/enrolments/:enrolmentId/steps/:stepId/assessment/:instrumentKey/submission': {
    access: learnerOnly,
    params: () => ({ enrolmentId: NO_SUCH_ID, stepId: NO_SUCH_ID, instrumentKey: 'cq-self-assessment' }),
  },
  'GET /api/me/consents': { access: learnerOnly },
  'POST /api/me/consents': {
    access: learnerOnly,
    body: () => ({ studyId: NO_SUCH_ID, consentFormId: NO_SUCH_ID, decision: 'given' }),
  },
  'POST /api/me/consents/:studyId/withdrawal': {
    access: learnerOnly,
    params: () => ({ studyId: NO_SUCH_ID }),
  },
  'GET /api/me/equality': { access: learnerOnly },
  'PUT /api/me/equality': { access: learnerOnly, body: () => ({}) },
  'GET /api/me/cq-profile': { access: learnerOnly },
  'GET /api/instruments': { access: adminOrResearcher },
  'GET /api/instruments/:instrumentId': {
    access: adminOrResearcher,
    params: (c) => ({ instrumentId: c.instrumentId }),
  },
  'POST /api/instruments/licensed-packs': {
    access: adminOnly,
    body: () => ({ path: '/no/such/pack', permissionReference: 'Licence 1' }),
  },
  'PUT /api/programmes/:programmeId/steps/:stepId/instruments': {
    access: adminOnly,
    params: (c) => ({ programmeId: c.programmeId, stepId: NO_SUCH_ID }),
    body: () => ({ instrumentKeys: [] }),
  },
  'GET /api/admin/enrolments/:enrolmentId/responses': {
    access: adminOnly,
    params: () => ({ enrolmentId: NO_SUCH_ID }),
  },
  'POST /api/admin/responses/:responseId/corrections': {
    access: adminOnly,
    params: () => ({ responseId: NO_SUCH_ID }),
    body: () => ({ answers: {}, reason: 'matrix check' }),
  },
  'GET /api/studies/:studyId/consent-forms': { access: studyReader, params: studyParam },
  'POST /api/studies/:studyId/consent-forms': {
    access: adminOnly,
    params: studyParam,
    body: () => ({
      title: 'Matrix consent',
      information: 'Participant information for the access matrix.',
      statements: ['I agree to take part.'],
    }),
  },
  'GET /api/studies/:studyId/participation': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/equality': { access: studyReader, params: studyParam },
  'GET /api/studies/:studyId/evaluation': { access: studyReader, params: studyParam },
  'GET /api/trusts/:trustId/enrolments/:enrolmentId/pre-assessment-waiver': {
    access: trustAdmin,
    params: withId('enrolmentId'),
  },
  'PUT /api/trusts/:trustId/enrolments/:enrolmentId/pre-assessment-waiver': {
    access: trustAdmin,
    params: withId('enrolmentId'),
    body: () => ({ reason: 'matrix check' }),
  },
  'DELETE /api/trusts/:trustId/enrolments/:enrolmentId/pre-assessment-waiver': {
    access: trustAdmin,
    params: withId('enrolmentId'),
  },
};

const CALLERS: Caller[] = ['anonymous', 'learner', 'lnd_admin', 'researcher', 'platform_admin'];
const EMAIL: Record<Exclude<Caller, 'anonymous'>, string> = {
  learner: 'learner@own.nhs.uk',
  lnd_admin: 'lnd@own.nhs.uk',
  researcher: 'researcher@own.nhs.uk',
  platform_admin: 'admin@platform.nhs.uk',
};

/** A consenting participant in the own study, with submitted answers and equality data, whose identity must never reach a researcher. */
const PARTICIPANT_SECRETS = ['Zebedee Quartermaine', 'zebedee.quartermaine@own.nhs.uk', 'ZQ-99187'];

async function seedParticipant(
  t: TestApp,
  trustId: string,
  studyId: string,
  programmeId: string,
  instrumentId: string,
): Promise<void> {
  const [{ id: personId }] = await t.sql<{ id: string }>(
    `INSERT INTO person (trust_id, staff_number, full_name, work_email, band) VALUES ($1, $2, $3, $4, '7') RETURNING id`,
    [trustId, PARTICIPANT_SECRETS[2], PARTICIPANT_SECRETS[0], PARTICIPANT_SECRETS[1]],
  );
  const [{ id: cohortId }] = await t.sql<{ id: string }>(
    `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date)
     VALUES ($1, $2, 'Matrix cohort', current_date, current_date + 30) RETURNING id`,
    [trustId, programmeId],
  );
  const [{ id: enrolmentId }] = await t.sql<{ id: string }>(
    `INSERT INTO enrolment (cohort_id, person_id) VALUES ($1, $2) RETURNING id`,
    [cohortId, personId],
  );
  const [{ id: formId }] = await t.sql<{ id: string }>(
    `INSERT INTO consent_form (study_id, version, title, information, statements)
     VALUES ($1, 1, 'Consent', 'Information', '["I agree"]') RETURNING id`,
    [studyId],
  );
  await t.sql(
    `INSERT INTO consent (study_id, person_id, consent_form_id, decision) VALUES ($1, $2, $3, 'given')`,
    [studyId, personId, formId],
  );
  const [{ id: stepId }] = await t.sql<{ id: string }>(
    `SELECT id FROM programme_step WHERE programme_id = $1 AND timepoint = 'pre'`,
    [programmeId],
  );
  await t.sql(
    `INSERT INTO assessment_response (enrolment_id, step_id, instrument_id, instrument_key, timepoint, answers, scores, submitted_at)
     VALUES ($1, $2, $3, 'cq-self-assessment', 'pre', '{"drive-01": 5}', '{"factors": {}, "overall": null, "answered": 1}', now())`,
    [enrolmentId, stepId, instrumentId],
  );
  await t.sql(
    `INSERT INTO equality_monitoring (person_id, ethnicity, gender, band) VALUES ($1, 'H', 'man', '7')`,
    [personId],
  );
}

function registeredRoutes(t: TestApp): string[] {
  const express = t.running.app.getHttpAdapter().getInstance();
  const stack = express.router.stack as unknown as {
    route?: { path: string; methods: Record<string, boolean> };
  }[];
  const routes = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all' || method === 'head') continue;
      routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...routes]
    .filter((r) => r.split(' ')[1].startsWith('/api') && !r.endsWith('{/*splat}')) // the splat is Nest's 404 handler
    .map((r) => r.replace(/^GET \/api\/docs\/.*/, 'GET /api/docs')) // Swagger UI's static files
    .filter((r, i, all) => all.indexOf(r) === i)
    .sort();
}

function outcomeOf(res: TestResponse): Outcome {
  if (res.status >= 500) throw new Error(`server error ${res.status}: ${JSON.stringify(res.body)}`);
  if (res.status === 401 && res.body?.code === 'UNAUTHENTICATED') return 'deny';
  if (res.status === 403 && res.body?.code === 'FORBIDDEN') return 'deny';
  return 'allow';
}

describe('access-control matrix', () => {
  let t: TestApp;
  let ctx: Ctx;
  const clients = new Map<Caller, TestClient>();

  async function clientFor(caller: Caller, fresh: boolean): Promise<TestClient> {
    if (!fresh && clients.has(caller)) return clients.get(caller)!;
    const c = t.client();
    if (caller === 'anonymous') await c.start();
    else expect((await c.signIn(EMAIL[caller], PASSWORD)).status).toBe(200);
    if (!fresh) clients.set(caller, c);
    return c;
  }

  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_MAX_FAILURES: '100' });
    const ownTrust = await t.createTrust('Own Trust', 'OWN01');
    const otherTrust = await t.createTrust('Other Trust', 'OTH01');
    const ownStudy = await t.createStudy('Own Study', [ownTrust]);
    const otherStudy = await t.createStudy('Other Study', [otherTrust]);
    await t.createUser({ email: EMAIL.learner, grants: [{ role: 'learner', trustId: ownTrust }] });
    await t.createUser({ email: EMAIL.lnd_admin, grants: [{ role: 'lnd_admin', trustId: ownTrust }] });
    await t.createUser({ email: EMAIL.researcher, grants: [{ role: 'researcher', studyId: ownStudy }] });
    await t.createUser({ email: EMAIL.platform_admin, grants: [{ role: 'platform_admin' }] });
    const targetUser = await t.createUser({ email: 'target@other.nhs.uk' });
    const [{ id: programmeId }] = await t.sql<{ id: string }>(`SELECT id FROM programme LIMIT 1`);
    const [{ id: instrumentId }] = await t.sql<{ id: string }>(
      `SELECT id FROM instrument WHERE key = 'cq-self-assessment' LIMIT 1`,
    );
    await seedParticipant(t, ownTrust, ownStudy, programmeId, instrumentId);
    ctx = {
      programmeId,
      instrumentId,
      ownTrust,
      otherTrust,
      ownStudy,
      otherStudy,
      targetUser,
      async newGrant() {
        const [{ id }] = await t
          .sql<{ id: string }>(
            `INSERT INTO role_grant (user_id, role, study_id) VALUES ($1, 'researcher', $2)
           ON CONFLICT DO NOTHING RETURNING id`,
            [targetUser, ownStudy],
          )
          .then(async (rows) =>
            rows.length
              ? rows
              : t.sql<{ id: string }>(
                  `SELECT id FROM role_grant WHERE user_id = $1 AND role = 'researcher'`,
                  [targetUser],
                ),
          );
        return id;
      },
    };
  });
  afterAll(() => t?.close());

  it('has an entry for every registered route, and no entry for a route that does not exist', () => {
    const routes = registeredRoutes(t);
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('never gives a researcher a name, an e-mail address or a staff number, through any route they can call', async () => {
    const client = await clientFor('researcher', false);
    const readable = Object.entries(MATRIX).filter(([route, entry]) => {
      const access = entry.access.researcher;
      return (
        route.startsWith('GET ') &&
        (access === 'allow' || (typeof access === 'object' && access.own === 'allow'))
      );
    });
    expect(readable.length).toBeGreaterThan(5);
    const checked: string[] = [];
    for (const [route, entry] of readable) {
      const params = entry.params ? await entry.params(ctx, 'own') : {};
      const path = route.split(' ')[1].replace(/:(\w+)/g, (_, name: string) => params[name]);
      const res = await client.get(path);
      if (res.status !== 200) continue;
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      for (const secret of PARTICIPANT_SECRETS)
        expect(text, `${route} reveals ${secret}`).not.toContain(secret);
      checked.push(route);
    }
    // the study views really were read, with the participant in them
    expect(checked).toEqual(
      expect.arrayContaining([
        'GET /api/studies/:studyId/participation',
        'GET /api/studies/:studyId/equality',
        'GET /api/studies/:studyId/evaluation',
        'GET /api/studies/:studyId',
      ]),
    );
    const admin = await clientFor('platform_admin', false);
    const counted = await admin.get(`/api/studies/${ctx.ownStudy}/participation`);
    expect(counted.body.stages.find((s: { stage: string }) => s.stage === 'consented').display).toBe('<10');
  });

  const cases = Object.entries(MATRIX).flatMap(([route, entry]) =>
    CALLERS.flatMap((caller) => {
      const expected = entry.access[caller];
      const scopes: [Scope, Outcome][] =
        typeof expected === 'string'
          ? [['own', expected], ...(entry.params ? [['other', expected] as [Scope, Outcome]] : [])]
          : [
              ['own', expected.own],
              ['other', expected.other],
            ];
      return scopes.map(([scope, outcome]) => ({ route, entry, caller, scope, outcome }));
    }),
  );

  it.each(cases)(
    '$route as $caller ($scope scope) → $outcome',
    async ({ route, entry, caller, scope, outcome }) => {
      const [method, pattern] = route.split(' ');
      const params = entry.params ? await entry.params(ctx, scope) : {};
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => params[name]);
      const client = await clientFor(caller, Boolean(entry.fresh));
      const res = await client.request(
        method,
        path,
        method === 'GET' ? {} : { body: entry.body?.(ctx, scope) ?? {} },
      );
      expect(outcomeOf(res), `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toBe(outcome);
    },
  );
});
