import { computed, readonly, ref } from 'vue';
import type { ApiError } from '../api/errors';

export interface ErrorSummaryItem {
  text: string;
  /** "#<input id>" for errors that belong to a field. */
  href?: string;
}

/**
 * Field and form-level errors for one form, in the order the fields appear.
 * `fields` maps each field name (as the API names it) to the id of its input.
 */
export function useFormErrors<F extends string>(fields: Readonly<Record<F, string>>) {
  const fieldErrors = ref<Partial<Record<F, string>>>({});
  const formErrors = ref<string[]>([]);
  /** Goes up on every failed submit, so the error summary can take focus again. */
  const attempt = ref(0);

  const summary = computed<ErrorSummaryItem[]>(() => {
    const items: ErrorSummaryItem[] = formErrors.value.map((text) => ({ text }));
    for (const field of Object.keys(fields) as F[]) {
      const text = fieldErrors.value[field];
      if (text) items.push({ text, href: `#${fields[field]}` });
    }
    return items;
  });
  const hasErrors = computed(() => summary.value.length > 0);

  function isField(name: string): name is F {
    return Object.prototype.hasOwnProperty.call(fields, name);
  }

  function errorFor(field: F): string | undefined {
    return fieldErrors.value[field];
  }

  function clear(): void {
    fieldErrors.value = {};
    formErrors.value = [];
  }

  /** Records a failed submit. */
  function fail(errors: Partial<Record<F, string>>, general: string[] = []): void {
    fieldErrors.value = { ...errors };
    formErrors.value = [...general];
    attempt.value += 1;
  }

  /** Records a failed submit from an API error, placing field details next to their fields. */
  function failWith(error: ApiError, fieldForCode: Partial<Record<string, F>> = {}): void {
    const errors: Partial<Record<F, string>> = {};
    const general: string[] = [];
    for (const detail of error.details) {
      const field = detail.field.split('.')[0] ?? detail.field;
      if (isField(field) && !errors[field]) errors[field] = detail.message;
      else if (!isField(field)) general.push(detail.message);
    }
    const codeField = fieldForCode[error.code];
    if (codeField && !errors[codeField]) errors[codeField] = error.message;
    else if (error.details.length === 0 && !codeField) general.push(error.message);
    fail(errors, general);
  }

  return {
    fieldErrors: readonly(fieldErrors),
    formErrors: readonly(formErrors),
    attempt: readonly(attempt),
    summary,
    hasErrors,
    errorFor,
    clear,
    fail,
    failWith,
  };
}
