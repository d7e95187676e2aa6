import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { LaunchDto, ModuleDto } from '../api/types';

/** A learner's module: its contents and progress, and opening its parts in the player. */
export const useModulesStore = defineStore('modules', () => {
  const module = ref<ModuleDto | null>(null);

  // Answers to older requests are dropped, so a quick change of module cannot show the wrong one.
  let request = 0;

  async function load(enrolmentId: string, stepId: string): Promise<void> {
    const current = ++request;
    const result = await unwrap(
      api.GET('/api/me/enrolments/{enrolmentId}/steps/{stepId}/module', {
        params: { path: { enrolmentId, stepId } },
      }),
    );
    if (current === request) module.value = result;
  }

  /** Opens a part of the module (or the one the server picks); resumes or starts an attempt as the policy says. */
  async function launch(enrolmentId: string, stepId: string, scoId?: string): Promise<LaunchDto> {
    return unwrap(
      api.POST('/api/me/enrolments/{enrolmentId}/steps/{stepId}/launches', {
        params: { path: { enrolmentId, stepId } },
        body: scoId ? { scoId } : {},
      }),
    );
  }

  return { module: readonly(module), load, launch };
});
