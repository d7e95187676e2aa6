import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, type Router } from 'vue-router';
import { setCsrfToken } from '../api/client';
import { demoUser, grant, jsonResponse, stubFetch } from '../testing/fetchStub';
import { createAppRouter } from './index';

function signedInAs(roles: ReturnType<typeof grant>[] | null) {
  return stubFetch({
    'GET /api/auth/session': jsonResponse(200, {
      user: roles ? { ...demoUser, roles } : null,
      csrfToken: 'csrf',
    }),
  });
}

async function visit(path: string): Promise<Router> {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  return router;
}

describe('router guard', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  it('sends people who are not signed in to sign in, remembering where they were going', async () => {
    signedInAs(null);

    const router = await visit('/admin/trusts?page=2');

    expect(router.currentRoute.value.path).toBe('/sign-in');
    expect(router.currentRoute.value.query.redirect).toBe('/admin/trusts?page=2');
  });

  it('lets people who are not signed in open the sign-in and password pages', async () => {
    signedInAs(null);

    expect((await visit('/forgot-password')).currentRoute.value.name).toBe('forgot-password');
    expect((await visit('/set-password?token=abc')).currentRoute.value.name).toBe('set-password');
  });

  it('shows the access denied page to a signed-in user without the role', async () => {
    signedInAs([grant('learner', { trustId: 't1' })]);

    const router = await visit('/admin/accounts');

    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(router.currentRoute.value.query.from).toBe('/admin/accounts');
  });

  it('opens a page for a user with the role', async () => {
    signedInAs([grant('platform_admin')]);

    const router = await visit('/admin/accounts');

    expect(router.currentRoute.value.name).toBe('admin-accounts');
  });

  it("only lets L&D admins open their own trust's people page", async () => {
    signedInAs([grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })]);

    expect((await visit('/lnd/trusts/t1/people')).currentRoute.value.name).toBe('lnd-trust-people');
    expect((await visit('/lnd/trusts/t2/people')).currentRoute.value.name).toBe('forbidden');
  });

  it("only lets L&D admins open their own trust's cohort, import, staff and reminder pages", async () => {
    signedInAs([grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })]);

    expect((await visit('/lnd/trusts/t1/import')).currentRoute.value.name).toBe('lnd-staff-import');
    expect((await visit('/lnd/trusts/t1/staff')).currentRoute.value.name).toBe('lnd-staff');
    expect((await visit('/lnd/trusts/t1/reminders')).currentRoute.value.name).toBe('lnd-reminders');
    expect((await visit('/lnd/trusts/t1/cohorts/new')).currentRoute.value.name).toBe('lnd-cohort-create');
    expect((await visit('/lnd/trusts/t1/cohorts/c1')).currentRoute.value.name).toBe('lnd-cohort');
    expect((await visit('/lnd/trusts/t2/cohorts/c1')).currentRoute.value.name).toBe('forbidden');
    expect((await visit('/lnd/trusts/t2/import')).currentRoute.value.name).toBe('forbidden');
  });

  it('lets platform admins open the L&D pages of any trust, and keeps learners out', async () => {
    signedInAs([grant('platform_admin')]);
    expect((await visit('/lnd/cohorts')).currentRoute.value.name).toBe('lnd-cohorts');
    expect((await visit('/lnd/trusts/t9/cohorts/c1')).currentRoute.value.name).toBe('lnd-cohort');

    setActivePinia(createPinia());
    signedInAs([grant('learner', { trustId: 't1' })]);
    expect((await visit('/lnd/trusts/t1/staff')).currentRoute.value.name).toBe('forbidden');
  });

  it('lets learners open a module of their learning, and keeps other roles out', async () => {
    signedInAs([grant('learner', { trustId: 't1' })]);
    const router = await visit('/learning/e1/steps/s1');
    expect(router.currentRoute.value.name).toBe('learner-module');
    expect(router.currentRoute.value.params).toMatchObject({ enrolmentId: 'e1', stepId: 's1' });

    setActivePinia(createPinia());
    signedInAs([grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })]);
    expect((await visit('/learning/e1/steps/s1')).currentRoute.value.name).toBe('forbidden');
  });

  it("only lets L&D admins open their own trust's module attempt pages", async () => {
    signedInAs([grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })]);

    expect((await visit('/lnd/trusts/t1/enrolments/e1/attempts')).currentRoute.value.name).toBe(
      'lnd-enrolment-attempts',
    );
    expect((await visit('/lnd/trusts/t1/attempts/a1')).currentRoute.value.name).toBe('lnd-attempt');
    expect((await visit('/lnd/trusts/t2/enrolments/e1/attempts')).currentRoute.value.name).toBe('forbidden');
    expect((await visit('/lnd/trusts/t2/attempts/a1')).currentRoute.value.name).toBe('forbidden');
  });

  it("lets platform admins open any trust's module attempts, and keeps learners out", async () => {
    signedInAs([grant('platform_admin')]);
    expect((await visit('/lnd/trusts/t9/attempts/a1')).currentRoute.value.name).toBe('lnd-attempt');
    expect((await visit('/lnd/trusts/t9/enrolments/e1/attempts')).currentRoute.value.name).toBe(
      'lnd-enrolment-attempts',
    );

    setActivePinia(createPinia());
    signedInAs([grant('learner', { trustId: 't1' })]);
    expect((await visit('/lnd/trusts/t1/attempts/a1')).currentRoute.value.name).toBe('forbidden');
  });

  it('only lets platform admins attach modules to programmes', async () => {
    signedInAs([grant('platform_admin')]);
    expect((await visit('/admin/programmes')).currentRoute.value.name).toBe('admin-programmes');

    setActivePinia(createPinia());
    signedInAs([grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })]);
    expect((await visit('/admin/programmes')).currentRoute.value.name).toBe('forbidden');
  });

  it("sends / to the home page of the user's primary role", async () => {
    signedInAs([grant('learner', { trustId: 't1' }), grant('researcher', { studyId: 's1' })]);

    const router = await visit('/');

    expect(router.currentRoute.value.path).toBe('/research/studies');
  });

  it('sends a signed-in user away from the sign-in page, honouring a same-site redirect only', async () => {
    signedInAs([grant('platform_admin')]);

    expect((await visit('/sign-in?redirect=/admin/outbox')).currentRoute.value.path).toBe('/admin/outbox');
    expect((await visit('/sign-in?redirect=//evil.example/x')).currentRoute.value.path).toBe('/admin');
  });

  it('shows the not found page for unknown paths', async () => {
    signedInAs(null);

    const router = await visit('/no/such/page');

    expect(router.currentRoute.value.name).toBe('not-found');
  });
});
