import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../api/client';
import { navigationFor } from '../components/app/navigation';
import { demoUser, grant, jsonResponse, stubFetch } from '../testing/fetchStub';
import { createAppRouter } from './index';

function signedInAs(roles: ReturnType<typeof grant>[]) {
  stubFetch({
    'GET /api/auth/session': jsonResponse(200, { user: { ...demoUser, roles }, csrfToken: 'csrf' }),
  });
}

async function landsOn(path: string): Promise<string | undefined> {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  return router.currentRoute.value.name?.toString();
}

describe('instrument, consent and study pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  it('opens every one of them to platform admins', async () => {
    signedInAs([grant('platform_admin')]);

    expect(await landsOn('/admin/instruments')).toBe('admin-instruments');
    expect(await landsOn('/admin/instruments/i-1')).toBe('admin-instrument');
    expect(await landsOn('/admin/studies/s-1/consent')).toBe('admin-study-consent');
    expect(await landsOn('/research/studies/s-1')).toBe('research-study');
  });

  it('opens the study page to researchers, but not the admin pages', async () => {
    signedInAs([grant('researcher', { studyId: 's-1' })]);

    expect(await landsOn('/research/studies/s-1')).toBe('research-study');
    expect(await landsOn('/admin/instruments')).toBe('forbidden');
    expect(await landsOn('/admin/studies/s-1/consent')).toBe('forbidden');
  });

  it('keeps L&D admins and learners out of the study page', async () => {
    signedInAs([grant('lnd_admin', { trustId: 't1' }), grant('learner', { trustId: 't1' })]);

    expect(await landsOn('/research/studies/s-1')).toBe('forbidden');
    expect(await landsOn('/admin/instruments')).toBe('forbidden');
  });

  it('lists the instruments page in the platform admin navigation only', () => {
    expect(navigationFor([grant('platform_admin')]).map((item) => item.to)).toContain('/admin/instruments');
    expect(navigationFor([grant('researcher', { studyId: 's-1' })]).map((item) => item.to)).not.toContain(
      '/admin/instruments',
    );
  });
});
