import { toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/** Shows the access denied page when the API refuses a page's data with 403, as the router guard does. */
export function useForbiddenRedirect(status: MaybeRefOrGetter<number | null>): void {
  const router = useRouter();
  const route = useRoute();
  watch(
    () => toValue(status),
    (value) => {
      if (value === 403) void router.replace({ name: 'forbidden', query: { from: route.fullPath } });
    },
    { immediate: true },
  );
}
