import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import { api, expectOk, unwrap } from '../api/client';
import { ApiError, toApiError } from '../api/errors';
import type { Role, UserDto } from '../api/types';
import { homePathForGrants, primaryRole as primaryRoleOf } from '../utils/roles';

export type SignInResult =
  | { ok: true; homePath: string }
  | { ok: false; message: string; fieldErrors: Record<string, string>; error: ApiError };

export const useSessionStore = defineStore('session', () => {
  const user = ref<UserDto | null>(null);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  let pending: Promise<void> | null = null;

  const isSignedIn = computed(() => user.value !== null);
  const isDemo = computed(() => user.value?.isDemo === true);
  const roles = computed<readonly Role[]>(() => [
    ...new Set(user.value?.roles.map((grant) => grant.role) ?? []),
  ]);
  const primaryRole = computed(() => primaryRoleOf(user.value?.roles ?? []));
  const homePath = computed(() => (user.value ? homePathForGrants(user.value.roles) : '/sign-in'));
  const administeredTrusts = computed(() =>
    (user.value?.roles ?? []).flatMap((grant) =>
      grant.role === 'lnd_admin' && grant.trustId
        ? [{ id: grant.trustId, name: grant.trustName ?? 'Your trust' }]
        : [],
    ),
  );

  function hasAnyRole(allowed: readonly Role[]): boolean {
    return allowed.some((role) => roles.value.includes(role));
  }

  function administersTrust(trustId: string): boolean {
    return hasAnyRole(['platform_admin']) || administeredTrusts.value.some((trust) => trust.id === trustId);
  }

  async function refresh(): Promise<void> {
    try {
      const session = await unwrap(api.GET('/api/auth/session'));
      user.value = session.user ?? null;
      loadError.value = null;
      loaded.value = true;
    } catch (error) {
      user.value = null;
      loadError.value = toApiError(error).message;
      loaded.value = false;
    }
  }

  /** Fetches the session once; later calls reuse the answer. */
  async function ensureLoaded(): Promise<void> {
    if (loaded.value) return;
    pending ??= refresh().finally(() => {
      pending = null;
    });
    await pending;
  }

  async function postSignIn(email: string, password: string) {
    try {
      return await unwrap(api.POST('/api/auth/sign-in', { body: { email, password } }));
    } catch (caught) {
      const error = toApiError(caught);
      // A missing or stale CSRF token: fetch a fresh session (and token) and try once more.
      if (error.status === 403 && /CSRF/i.test(error.code)) {
        await refresh();
        return await unwrap(api.POST('/api/auth/sign-in', { body: { email, password } }));
      }
      throw error;
    }
  }

  async function signIn(email: string, password: string): Promise<SignInResult> {
    try {
      const session = await postSignIn(email, password);
      user.value = session.user ?? null;
      loaded.value = true;
      loadError.value = null;
      return { ok: true, homePath: homePath.value };
    } catch (caught) {
      const error = toApiError(caught);
      // The API writes its messages for people (including when to try again after too many attempts).
      return { ok: false, message: error.message, fieldErrors: error.fieldErrors, error };
    }
  }

  async function signOut(): Promise<void> {
    try {
      await expectOk(api.POST('/api/auth/sign-out'));
    } finally {
      // Whatever the answer, forget the user here and fetch a fresh session (and CSRF token) next time.
      sessionEnded();
    }
  }

  /** The API no longer recognises the session (signed out, or it expired). */
  function sessionEnded(): void {
    user.value = null;
    loaded.value = false;
  }

  return {
    user: readonly(user),
    loaded: readonly(loaded),
    loadError: readonly(loadError),
    isSignedIn,
    isDemo,
    roles,
    primaryRole,
    homePath,
    administeredTrusts,
    hasAnyRole,
    administersTrust,
    refresh,
    ensureLoaded,
    signIn,
    signOut,
    sessionEnded,
  };
});
