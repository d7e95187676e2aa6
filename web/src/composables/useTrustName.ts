import { computed, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useSessionStore } from '../stores/session';
import { useTrustsStore } from '../stores/trusts';

/**
 * The name of a trust for page headings. L&D admins have it from their role grants; for anyone else
 * (a platform admin) the trust is fetched once. Until it is known the name reads "your trust".
 */
export function useTrustName(trustId: MaybeRefOrGetter<string>) {
  const session = useSessionStore();
  const trusts = useTrustsStore();

  const known = computed(
    () =>
      session.administeredTrusts.find((trust) => trust.id === toValue(trustId))?.name ??
      trusts.details[toValue(trustId)]?.name ??
      trusts.trusts.find((trust) => trust.id === toValue(trustId))?.name ??
      null,
  );

  watch(
    () => toValue(trustId),
    (id) => {
      if (!known.value && id) {
        // The name is only a label: a failure here leaves the placeholder, the page itself still loads.
        trusts.loadTrust(id).catch(() => undefined);
      }
    },
    { immediate: true },
  );

  return computed(() => known.value ?? 'your trust');
}
