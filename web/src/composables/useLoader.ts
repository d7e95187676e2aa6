import { readonly, ref } from 'vue';
import { toApiError } from '../api/errors';

/** Runs a load action and keeps track of whether it is running and what went wrong. */
export function useLoader(load: () => Promise<unknown>, options: { immediate?: boolean } = {}) {
  const loading = ref(false);
  const error = ref<string | null>(null);
  const status = ref<number | null>(null);

  async function run(): Promise<void> {
    loading.value = true;
    error.value = null;
    status.value = null;
    try {
      await load();
    } catch (caught) {
      const apiError = toApiError(caught);
      error.value = apiError.message;
      status.value = apiError.status;
    } finally {
      loading.value = false;
    }
  }

  if (options.immediate !== false) void run();

  return { loading: readonly(loading), error: readonly(error), status: readonly(status), run };
}
