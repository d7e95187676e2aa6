import { defineComponent } from 'vue';
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type Router,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router';
import type { Role } from '../api/types';
import { useSessionStore } from '../stores/session';
import { safeRedirect } from './redirect';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open to everyone, signed in or not. */
    public?: boolean;
    /** Only for people who are not signed in (signed-in users are sent to their home page). */
    guestOnly?: boolean;
    /** Roles allowed to open the page; any signed-in user when absent. */
    roles?: readonly Role[];
    /** The page belongs to the trust in the :trustId parameter; L&D admins must administer it. */
    trustScoped?: boolean;
  }
}

/** Placeholder for "/", which the guard always redirects. */
const HomeRedirect = defineComponent({ name: 'HomeRedirect', render: () => null });

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeRedirect },

  // auth
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('../views/auth/SignInView.vue'),
    meta: { public: true, guestOnly: true },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('../views/auth/ForgotPasswordView.vue'),
    meta: { public: true },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('../views/auth/SetPasswordView.vue'),
    props: (route) => ({ mode: 'reset', token: tokenFrom(route) }),
    meta: { public: true },
  },
  {
    path: '/set-password',
    name: 'set-password',
    component: () => import('../views/auth/SetPasswordView.vue'),
    props: (route) => ({ mode: 'invite', token: tokenFrom(route) }),
    meta: { public: true },
  },

  // learner
  {
    path: '/learning',
    name: 'learning',
    component: () => import('../views/learner/MyLearningView.vue'),
    meta: { roles: ['learner'] },
  },
  {
    path: '/learning/:enrolmentId/steps/:stepId',
    name: 'learner-module',
    component: () => import('../views/learner/ModuleView.vue'),
    props: true,
    meta: { roles: ['learner'] },
  },
  {
    path: '/learning/:enrolmentId/assessments/:stepId',
    name: 'assessment',
    component: () => import('../views/learner/AssessmentView.vue'),
    props: true,
    meta: { roles: ['learner'] },
  },
  {
    path: '/profile',
    name: 'profile',
    component: () => import('../views/learner/ProfileView.vue'),
    meta: { roles: ['learner'] },
  },

  // lnd
  {
    path: '/lnd/cohorts',
    name: 'lnd-cohorts',
    component: () => import('../views/lnd/CohortsView.vue'),
    meta: { roles: ['lnd_admin', 'platform_admin'] },
  },
  {
    path: '/lnd/modules',
    name: 'lnd-modules',
    component: () => import('../views/lnd/ModulesView.vue'),
    meta: { roles: ['lnd_admin', 'platform_admin'] },
  },
  {
    path: '/lnd/trusts/:trustId/people',
    name: 'lnd-trust-people',
    component: () => import('../views/lnd/TrustPeopleView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/import',
    name: 'lnd-staff-import',
    component: () => import('../views/lnd/StaffImportView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/staff',
    name: 'lnd-staff',
    component: () => import('../views/lnd/TrustStaffView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/reminders',
    name: 'lnd-reminders',
    component: () => import('../views/lnd/RemindersView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/cohorts/new',
    name: 'lnd-cohort-create',
    component: () => import('../views/lnd/CohortCreateView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/cohorts/:cohortId',
    name: 'lnd-cohort',
    component: () => import('../views/lnd/CohortDashboardView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/enrolments/:enrolmentId/attempts',
    name: 'lnd-enrolment-attempts',
    component: () => import('../views/lnd/EnrolmentAttemptsView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },
  {
    path: '/lnd/trusts/:trustId/attempts/:attemptId',
    name: 'lnd-attempt',
    component: () => import('../views/lnd/AttemptDetailView.vue'),
    props: true,
    meta: { roles: ['lnd_admin', 'platform_admin'], trustScoped: true },
  },

  // research
  {
    path: '/research/studies',
    name: 'research-studies',
    component: () => import('../views/research/ResearchStudiesView.vue'),
    meta: { roles: ['researcher'] },
  },
  {
    path: '/research/studies/:studyId',
    name: 'research-study',
    component: () => import('../views/research/StudyView.vue'),
    props: true,
    meta: { roles: ['researcher', 'platform_admin'] },
  },
  {
    path: '/research/studies/:studyId/evaluation',
    name: 'research-study-evaluation',
    component: () => import('../views/research/StudyEvaluationView.vue'),
    props: true,
    meta: { roles: ['researcher', 'platform_admin'] },
  },
  {
    path: '/research/studies/:studyId/report',
    name: 'research-study-report',
    component: () => import('../views/research/StudyReportView.vue'),
    props: true,
    meta: { roles: ['researcher', 'platform_admin'] },
  },

  // admin
  {
    path: '/admin',
    name: 'admin',
    component: () => import('../views/admin/AdminHomeView.vue'),
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/trusts',
    name: 'admin-trusts',
    component: () => import('../views/admin/TrustsView.vue'),
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/trusts/:trustId',
    name: 'admin-trust',
    component: () => import('../views/admin/TrustView.vue'),
    props: true,
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/accounts',
    name: 'admin-accounts',
    component: () => import('../views/admin/AccountsView.vue'),
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/studies',
    name: 'admin-studies',
    component: () => import('../views/admin/StudiesView.vue'),
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/studies/:studyId/consent',
    name: 'admin-study-consent',
    component: () => import('../views/admin/StudyConsentView.vue'),
    props: true,
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/programmes',
    name: 'admin-programmes',
    component: () => import('../views/admin/ProgrammesView.vue'),
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/instruments',
    name: 'admin-instruments',
    component: () => import('../views/admin/InstrumentsView.vue'),
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/instruments/:instrumentId',
    name: 'admin-instrument',
    component: () => import('../views/admin/InstrumentView.vue'),
    props: true,
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/enrolments/:enrolmentId/responses',
    name: 'admin-enrolment-responses',
    component: () => import('../views/admin/EnrolmentResponsesView.vue'),
    props: true,
    meta: { roles: ['platform_admin'] },
  },
  {
    path: '/admin/outbox',
    name: 'admin-outbox',
    component: () => import('../views/admin/OutboxView.vue'),
    meta: { roles: ['platform_admin'] },
  },

  // errors
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('../views/errors/ForbiddenView.vue'),
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/errors/NotFoundView.vue'),
    meta: { public: true },
  },
];

function tokenFrom(route: RouteLocationNormalized): string {
  const token = route.query.token;
  return (Array.isArray(token) ? token[0] : token) ?? '';
}

/** Decides where a navigation may go, given who is signed in. */
export async function accessGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const session = useSessionStore();
  await session.ensureLoaded();

  if (to.meta.public) {
    if (to.meta.guestOnly && session.isSignedIn) return safeRedirect(to.query.redirect) ?? session.homePath;
    return true;
  }
  if (!session.isSignedIn) {
    return to.fullPath === '/' ? { name: 'sign-in' } : { name: 'sign-in', query: { redirect: to.fullPath } };
  }
  if (to.name === 'home') return session.homePath;

  const allowed = to.meta.roles;
  const roleOk = !allowed || session.hasAnyRole(allowed);
  const trustId = typeof to.params.trustId === 'string' ? to.params.trustId : null;
  const trustOk = !to.meta.trustScoped || (trustId !== null && session.administersTrust(trustId));
  if (!roleOk || !trustOk) return { name: 'forbidden', query: { from: to.fullPath } };
  return true;
}

export function installGuards(router: Router): Router {
  router.beforeEach((to) => accessGuard(to));
  return router;
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior(to, from, savedPosition) {
      if (savedPosition) return savedPosition;
      if (to.path !== from.path) return { top: 0 };
      return false;
    },
  });
  return installGuards(router);
}
