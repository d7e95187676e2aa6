import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { PersonDto } from '../../api/types';
import { apiError, jsonResponse, stubFetch } from '../../testing/fetchStub';
import TrustStaffView from '../../views/lnd/TrustStaffView.vue';
import StaffAddForm from './StaffAddForm.vue';

const ADD = 'POST /api/trusts/t1/people';
const LIST = 'GET /api/trusts/t1/people';

const AMA: PersonDto = {
  id: 'p-1',
  staffNumber: '0012345',
  fullName: 'Ama Mensah',
  workEmail: 'ama.mensah@nhs.net',
  jobTitle: 'Ward manager',
  band: '7',
  directorate: 'Surgery',
  lineManagerStaffNumber: null,
  accountStatus: 'none',
  activeEnrolments: 0,
};

function mountForm() {
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(StaffAddForm, {
    attachTo: document.body,
    props: { trustId: 't1' },
    global: { plugins: [pinia] },
  });
}

type Wrapper = Pick<ReturnType<typeof mountForm>, 'get'>;

async function fillIn(wrapper: Wrapper, values: Record<string, string>): Promise<void> {
  for (const [testId, value] of Object.entries(values)) {
    await wrapper.get(`[data-testid="staff-add-${testId}"]`).setValue(value);
  }
}

const REQUIRED = { 'staff-number': ' 0012345 ', 'full-name': 'Ama Mensah', email: 'ama.mensah@nhs.net' };

describe('StaffAddForm', () => {
  beforeEach(() => {
    setCsrfToken('csrf');
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('offers every band in order, with an empty choice for not known', () => {
    stubFetch({});
    const wrapper = mountForm();

    const options = wrapper.findAll('[data-testid="staff-add-band"] option');
    expect(options.map((option) => option.attributes('value'))).toEqual([
      '',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8a',
      '8b',
      '8c',
      '8d',
      '9',
      'other',
    ]);
    expect(options[0]?.text()).toBe('Not known');
    expect(options.at(-1)?.text()).toBe('Other / medical and dental');
    wrapper.unmount();
  });

  it('puts each validation message from the API beside its field and in the summary', async () => {
    stubFetch({
      [ADD]: apiError(400, 'VALIDATION_FAILED', 'Staff number must be digits', [
        { field: 'staffNumber', message: 'Staff number must be digits' },
        { field: 'band', message: 'Band must be 1 to 9, 8a to 8d, or other' },
        { field: 'lineManagerStaffNumber', message: 'Nobody can be their own line manager' },
      ]),
    });
    const wrapper = mountForm();
    await fillIn(wrapper, { ...REQUIRED, band: '9', manager: '0012345' });

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#staff-add-staff-number-error').text()).toContain('Staff number must be digits');
    expect(wrapper.get('#staff-add-band-error').text()).toContain('Band must be 1 to 9, 8a to 8d, or other');
    expect(wrapper.get('#staff-add-manager-error').text()).toContain('Nobody can be their own line manager');
    expect(wrapper.find('#staff-add-email-error').exists()).toBe(false);
    expect(wrapper.get('#staff-add-manager').attributes('aria-describedby')).toBe(
      'staff-add-manager-hint staff-add-manager-error',
    );
    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.findAll('a').map((link) => [link.text(), link.attributes('href')])).toEqual([
      ['Staff number must be digits', '#staff-add-staff-number'],
      ['Band must be 1 to 9, 8a to 8d, or other', '#staff-add-band'],
      ['Nobody can be their own line manager', '#staff-add-manager'],
    ]);
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.emitted('added')).toBeUndefined();
    wrapper.unmount();
  });

  it('shows a conflict in the summary', async () => {
    const message = 'Staff number 0012345 already belongs to Ama Mensah.';
    stubFetch({ [ADD]: apiError(409, 'CONFLICT', message) });
    const wrapper = mountForm();
    await fillIn(wrapper, REQUIRED);

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.get('li').text()).toBe(message);
    expect(summary.find('a').exists()).toBe(false);
    expect(wrapper.find('.nhsuk-error-message').exists()).toBe(false);
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.emitted('added')).toBeUndefined();
    wrapper.unmount();
  });

  it('asks for the required fields before sending anything', async () => {
    const { fetchMock } = stubFetch({});
    const wrapper = mountForm();
    await fillIn(wrapper, { email: 'not an email' });

    await wrapper.get('form').trigger('submit');

    expect(wrapper.get('#staff-add-staff-number-error').text()).toContain('Enter their staff number');
    expect(wrapper.get('#staff-add-full-name-error').text()).toContain('Enter their full name');
    expect(wrapper.get('#staff-add-email-error').text()).toContain('Enter an email address in the correct');
    expect(fetchMock).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('sends what was entered, then clears the form and says who was added', async () => {
    const { requests } = stubFetch({ [ADD]: jsonResponse(201, AMA) });
    const wrapper = mountForm();
    await fillIn(wrapper, { ...REQUIRED, 'job-title': ' Ward manager ', band: '8a' });

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toEqual({
      staffNumber: '0012345',
      fullName: 'Ama Mensah',
      workEmail: 'ama.mensah@nhs.net',
      jobTitle: 'Ward manager',
      band: '8a',
    });
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(wrapper.emitted('added')).toEqual([[AMA]]);
    expect(wrapper.get<HTMLInputElement>('#staff-add-staff-number').element.value).toBe('');
    expect(wrapper.get<HTMLInputElement>('#staff-add-job-title').element.value).toBe('');
    expect(wrapper.get<HTMLSelectElement>('#staff-add-band').element.value).toBe('');
    expect(wrapper.find('[data-testid="error-summary"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('adding a member of staff on the staff page', () => {
  beforeEach(() => {
    setCsrfToken('csrf');
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the banner, focuses it and refreshes the list', async () => {
    let listed: PersonDto[] = [];
    const { requests } = stubFetch({
      [LIST]: () => jsonResponse(200, { items: listed, total: listed.length }),
      [ADD]: () => {
        listed = [AMA];
        return jsonResponse(201, AMA);
      },
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/lnd/trusts/:trustId/staff', component: TrustStaffView, props: true },
        { path: '/forbidden', name: 'forbidden', component: { render: () => null } },
        { path: '/:rest(.*)*', component: { render: () => null } },
      ],
    });
    await router.push('/lnd/trusts/t1/staff');
    const page = mount(TrustStaffView, {
      attachTo: document.body,
      props: { trustId: 't1' },
      global: { plugins: [pinia, router] },
    });
    await flushPromises();
    expect(page.get('[data-testid="staff-count"]').text()).toBe('0 people');

    expect(page.get('[data-testid="staff-add-open"]').text()).toBe('Add a member of staff');
    await fillIn(page, REQUIRED);
    await page.get('[data-testid="staff-add-form"]').trigger('submit');
    await flushPromises();

    const banner = page.get('[data-testid="staff-add-result"]');
    expect(banner.text()).toContain('Added Ama Mensah (0012345)');
    expect(document.activeElement).toBe(banner.element);
    expect(
      requests.filter(
        (request) => request.method === 'GET' && request.path.startsWith('/api/trusts/t1/people'),
      ),
    ).toHaveLength(2);
    expect(page.get('[data-testid="staff-table"]').text()).toContain('Ama Mensah');
    page.unmount();
  });
});
