import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, expectOk, unwrap } from '../api/client';
import type {
  PreAssessmentStateDto,
  CohortDashboardDto,
  CohortDto,
  CreateCohortInput,
  EnrolInput,
  EnrolmentStatus,
  EnrolResultDto,
  PersonDto,
  ProgrammeDto,
} from '../api/types';

/** Enrolments shown on one page of a cohort dashboard. */
export const DASHBOARD_PAGE_SIZE = 100;
/** People offered at once in the "Enrol people" search. */
export const CANDIDATE_PAGE_SIZE = 50;

export interface DashboardFilters {
  status: EnrolmentStatus | '';
  q: string;
  band: string;
  directorate: string;
}

export const NO_FILTERS: Readonly<DashboardFilters> = { status: '', q: '', band: '', directorate: '' };

export interface DashboardQuery {
  status?: EnrolmentStatus;
  q?: string;
  band?: string;
  directorate?: string;
  limit?: number;
  offset?: number;
}

/** The filters as the API reads them: empty filters are left out, text is trimmed. */
export function filterQuery(filters: Readonly<DashboardFilters>): DashboardQuery {
  const query: DashboardQuery = {};
  if (filters.status) query.status = filters.status;
  const q = filters.q.trim();
  if (q) query.q = q;
  const band = filters.band.trim();
  if (band) query.band = band;
  const directorate = filters.directorate.trim();
  if (directorate) query.directorate = directorate;
  return query;
}

/** The dashboard query for one page (counted from 1) of enrolments matching the filters. */
export function dashboardQuery(filters: Readonly<DashboardFilters>, page = 1): DashboardQuery {
  const current = Math.max(1, Math.floor(page));
  return { ...filterQuery(filters), limit: DASHBOARD_PAGE_SIZE, offset: (current - 1) * DASHBOARD_PAGE_SIZE };
}

/** Where the CSV of every enrolment matching the filters downloads from (all pages at once). */
export function exportCsvHref(
  trustId: string,
  cohortId: string,
  filters: Readonly<DashboardFilters>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filterQuery(filters))) params.set(key, String(value));
  const search = params.toString();
  const path = `/api/trusts/${encodeURIComponent(trustId)}/cohorts/${encodeURIComponent(cohortId)}/export.csv`;
  return search ? `${path}?${search}` : path;
}

export const useCohortsStore = defineStore('cohorts', () => {
  const programmes = ref<ProgrammeDto[]>([]);
  const programmesLoaded = ref(false);
  const cohortsByTrust = ref<Record<string, CohortDto[]>>({});
  const dashboard = ref<CohortDashboardDto | null>(null);
  const filters = ref<DashboardFilters>({ ...NO_FILTERS });
  const page = ref(1);
  const candidates = ref<PersonDto[]>([]);
  const candidatesTotal = ref(0);
  const candidatesQuery = ref('');

  // Answers to older requests are dropped, so quick changes of filter cannot show stale results.
  let dashboardRequest = 0;
  let candidatesRequest = 0;

  async function loadProgrammes(): Promise<void> {
    programmes.value = await unwrap(api.GET('/api/programmes'));
    programmesLoaded.value = true;
  }

  /** Attaches a global catalogue package to a module step of a programme (null detaches it). */
  async function setStepPackage(
    programmeId: string,
    stepId: string,
    packageId: string | null,
  ): Promise<void> {
    await expectOk(
      api.PUT('/api/programmes/{programmeId}/steps/{stepId}/package', {
        params: { path: { programmeId, stepId } },
        body: { packageId },
      }),
    );
    // Whether the step is ready comes from the API; the change itself has been saved whatever happens here.
    await loadProgrammes().catch(() => undefined);
  }

  async function loadCohorts(trustId: string): Promise<CohortDto[]> {
    const list = await unwrap(api.GET('/api/trusts/{trustId}/cohorts', { params: { path: { trustId } } }));
    cohortsByTrust.value = { ...cohortsByTrust.value, [trustId]: list };
    return list;
  }

  async function createCohort(trustId: string, input: CreateCohortInput): Promise<CohortDto> {
    const cohort = await unwrap(
      api.POST('/api/trusts/{trustId}/cohorts', { params: { path: { trustId } }, body: input }),
    );
    const current = cohortsByTrust.value[trustId];
    if (current) cohortsByTrust.value = { ...cohortsByTrust.value, [trustId]: [...current, cohort] };
    return cohort;
  }

  async function loadDashboard(
    trustId: string,
    cohortId: string,
    wanted: Readonly<DashboardFilters> = NO_FILTERS,
    wantedPage = 1,
  ): Promise<void> {
    const request = ++dashboardRequest;
    const result = await unwrap(
      api.GET('/api/trusts/{trustId}/cohorts/{cohortId}', {
        params: { path: { trustId, cohortId }, query: dashboardQuery(wanted, wantedPage) },
      }),
    );
    if (request !== dashboardRequest) return;
    dashboard.value = result;
    filters.value = { ...wanted };
    page.value = Math.max(1, Math.floor(wantedPage));
  }

  /** Loads the dashboard again with the filters and page already shown. */
  async function refreshDashboard(trustId: string, cohortId: string): Promise<void> {
    await loadDashboard(trustId, cohortId, filters.value, page.value);
  }

  async function searchCandidates(trustId: string, cohortId: string, q = ''): Promise<void> {
    const request = ++candidatesRequest;
    const trimmed = q.trim();
    const result = await unwrap(
      api.GET('/api/trusts/{trustId}/people', {
        params: {
          path: { trustId },
          query: { notInCohort: cohortId, limit: CANDIDATE_PAGE_SIZE, ...(trimmed ? { q: trimmed } : {}) },
        },
      }),
    );
    if (request !== candidatesRequest) return;
    candidates.value = result.items;
    candidatesTotal.value = result.total;
    candidatesQuery.value = trimmed;
  }

  async function enrol(trustId: string, cohortId: string, input: EnrolInput): Promise<EnrolResultDto> {
    return unwrap(
      api.POST('/api/trusts/{trustId}/cohorts/{cohortId}/enrolments', {
        params: { path: { trustId, cohortId } },
        body: input,
      }),
    );
  }

  async function withdraw(
    trustId: string,
    cohortId: string,
    enrolmentId: string,
    reason: string,
  ): Promise<void> {
    await expectOk(
      api.POST('/api/trusts/{trustId}/cohorts/{cohortId}/enrolments/{enrolmentId}/withdraw', {
        params: { path: { trustId, cohortId, enrolmentId } },
        body: { reason },
      }),
    );
  }

  async function move(
    trustId: string,
    cohortId: string,
    enrolmentId: string,
    toCohortId: string,
  ): Promise<string> {
    const moved = await unwrap(
      api.POST('/api/trusts/{trustId}/cohorts/{cohortId}/enrolments/{enrolmentId}/move', {
        params: { path: { trustId, cohortId, enrolmentId } },
        body: { toCohortId },
      }),
    );
    return moved.id;
  }

  /** Whether a person's pre-assessment is done, waived (by whom, why) or still open. */
  function preAssessmentState(trustId: string, enrolmentId: string): Promise<PreAssessmentStateDto> {
    return unwrap(
      api.GET('/api/trusts/{trustId}/enrolments/{enrolmentId}/pre-assessment-waiver', {
        params: { path: { trustId, enrolmentId } },
      }),
    );
  }

  /** Lets a person start the modules without the pre-assessment; the reason is kept in the audit log. */
  async function waivePreAssessment(trustId: string, enrolmentId: string, reason: string): Promise<void> {
    await expectOk(
      api.PUT('/api/trusts/{trustId}/enrolments/{enrolmentId}/pre-assessment-waiver', {
        params: { path: { trustId, enrolmentId } },
        body: { reason },
      }),
    );
  }

  /** Takes a pre-assessment waiver back: the person must do the pre-assessment before the modules again. */
  async function unwaivePreAssessment(trustId: string, enrolmentId: string): Promise<void> {
    await expectOk(
      api.DELETE('/api/trusts/{trustId}/enrolments/{enrolmentId}/pre-assessment-waiver', {
        params: { path: { trustId, enrolmentId } },
      }),
    );
  }

  return {
    programmes: readonly(programmes),
    programmesLoaded: readonly(programmesLoaded),
    cohortsByTrust: readonly(cohortsByTrust),
    dashboard: readonly(dashboard),
    filters: readonly(filters),
    page: readonly(page),
    candidates: readonly(candidates),
    candidatesTotal: readonly(candidatesTotal),
    candidatesQuery: readonly(candidatesQuery),
    loadProgrammes,
    setStepPackage,
    loadCohorts,
    createCohort,
    loadDashboard,
    refreshDashboard,
    searchCandidates,
    enrol,
    withdraw,
    move,
    preAssessmentState,
    waivePreAssessment,
    unwaivePreAssessment,
  };
});
