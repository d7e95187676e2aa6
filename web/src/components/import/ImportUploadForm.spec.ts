import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../../api/client';
import { apiError, stubFetch } from '../../testing/fetchStub';
import ImportUploadForm from './ImportUploadForm.vue';

function mountForm() {
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(ImportUploadForm, {
    attachTo: document.body,
    props: { trustId: 't1', heading: '1. Upload a staff list' },
    global: { plugins: [pinia] },
  });
}

async function chooseFile(wrapper: ReturnType<typeof mountForm>, file: File): Promise<void> {
  const input = wrapper.get<HTMLInputElement>('[data-testid="import-file"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
}

describe('ImportUploadForm', () => {
  beforeEach(() => {
    setCsrfToken('csrf');
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for a file before sending anything', async () => {
    const { fetchMock } = stubFetch({});
    const wrapper = mountForm();

    await wrapper.get('form').trigger('submit');

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.get('a').text()).toBe('Choose a CSV file to upload');
    expect(summary.get('a').attributes('href')).toBe('#import-file');
    expect(document.activeElement).toBe(summary.element);
    expect(fetchMock).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('shows what the API says is wrong with the file, in the summary and beside the field', async () => {
    const message =
      'The file is larger than 5 MB, the most that can be imported at once. Split it into smaller files.';
    stubFetch({ 'POST /api/trusts/t1/staff-imports': apiError(413, 'PAYLOAD_TOO_LARGE', message) });
    const wrapper = mountForm();
    await chooseFile(wrapper, new File(['x'], 'staff.csv', { type: 'text/csv' }));

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[data-testid="error-summary"] a').text()).toBe(message);
    expect(wrapper.get('#import-file-error').text()).toContain(message);
    expect(wrapper.get('#import-file').attributes('aria-describedby')).toBe(
      'import-file-hint import-file-error',
    );
    expect(wrapper.emitted('uploaded')).toBeUndefined();
    wrapper.unmount();
  });
});
