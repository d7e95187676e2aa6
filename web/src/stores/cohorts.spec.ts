import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/client';
import type { CohortDashboardDto } from '../api/types';
import { jsonResponse, stubFetch } from '../testing/fetchStub';
import { dashboardQuery, exportCsvHref, NO_FILTERS, useCohortsStore } from './cohorts';

const DASHBOARD: CohortDashboardDto = {
  cohort: {
    id: 'c1',
    trustId: 't1',
    name: 'Surgery managers, spring 2027',
    programmeId: 'p1',
    programmeName: 'CQ for managers',
    startDate: '2027-01-11',
    dueDate: '2027-04-30',
    ownerUserId: null,
    ownerName: null,
    counts: { enrolled: 0, not_started: 0, in_progress: 0, completed: 0, overdue: 0, withdrawn: 0 },
  },
  funnel: [],
  total: 0,
  enrolments: [],
};

function params(path: string | undefined): Record<string, string> {
  return Object.fromEntries(new URL(path ?? '', 'http://localhost').searchParams);
}

describe('cohort dashboard query', () => {
  it('leaves out empty filters, trims text and pages by 100', () => {
    expect(dashboardQuery({ status: 'overdue', q: '  smith ', band: '8a', directorate: ' ' }, 3)).toEqual({
      status: 'overdue',
      q: 'smith',
      band: '8a',
      limit: 100,
      offset: 200,
    });
    expect(dashboardQuery(NO_FILTERS)).toEqual({ limit: 100, offset: 0 });
  });

  it('downloads every matching enrolment, not just one page', () => {
    expect(
      exportCsvHref('t1', 'c1', { status: 'in_progress', q: 'ann', band: '', directorate: 'Surgery' }),
    ).toBe('/api/trusts/t1/cohorts/c1/export.csv?status=in_progress&q=ann&directorate=Surgery');
    expect(exportCsvHref('t1', 'c1', NO_FILTERS)).toBe('/api/trusts/t1/cohorts/c1/export.csv');
  });
});

describe('cohorts store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken('csrf');
  });

  it('asks for the dashboard with the filters and page chosen', async () => {
    const { requests } = stubFetch({ 'GET /api/trusts/t1/cohorts/c1': jsonResponse(200, DASHBOARD) });
    const store = useCohortsStore();

    await store.loadDashboard(
      't1',
      'c1',
      { status: 'overdue', q: ' Okafor ', band: '7', directorate: '' },
      2,
    );

    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]?.path ?? '', 'http://localhost').pathname).toBe('/api/trusts/t1/cohorts/c1');
    expect(params(requests[0]?.path)).toEqual({
      status: 'overdue',
      q: 'Okafor',
      band: '7',
      limit: '100',
      offset: '100',
    });
    expect(store.dashboard?.cohort.name).toBe('Surgery managers, spring 2027');
    expect(store.filters).toEqual({ status: 'overdue', q: ' Okafor ', band: '7', directorate: '' });
    expect(store.page).toBe(2);
  });

  it('refreshes with the filters and page already shown', async () => {
    const { requests } = stubFetch({ 'GET /api/trusts/t1/cohorts/c1': jsonResponse(200, DASHBOARD) });
    const store = useCohortsStore();
    await store.loadDashboard('t1', 'c1', { status: '', q: '', band: '', directorate: 'Surgery' }, 1);

    await store.refreshDashboard('t1', 'c1');

    expect(params(requests[1]?.path)).toEqual({ directorate: 'Surgery', limit: '100', offset: '0' });
  });

  it('searches only staff who are not in the cohort', async () => {
    const { requests } = stubFetch({
      'GET /api/trusts/t1/people': jsonResponse(200, { items: [], total: 0 }),
    });
    const store = useCohortsStore();

    await store.searchCandidates('t1', 'c1', '  ann ');

    expect(params(requests[0]?.path)).toEqual({ notInCohort: 'c1', limit: '50', q: 'ann' });
    expect(store.candidatesQuery).toBe('ann');
  });

  it('enrols everyone from an import', async () => {
    const { requests } = stubFetch({
      'POST /api/trusts/t1/cohorts/c1/enrolments': jsonResponse(201, {
        enrolled: 3,
        alreadyEnrolled: 1,
        invited: 2,
      }),
    });
    const store = useCohortsStore();

    const result = await store.enrol('t1', 'c1', { importId: 'imp-1' });

    expect(result).toEqual({ enrolled: 3, alreadyEnrolled: 1, invited: 2 });
    expect(requests[0]?.body).toEqual({ importId: 'imp-1' });
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
  });
});
