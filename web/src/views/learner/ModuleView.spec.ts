import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { LaunchDto, ModuleDto } from '../../api/types';
import { apiError, jsonResponse, stubFetch } from '../../testing/fetchStub';
import ModuleView from './ModuleView.vue';

const ORIGIN = 'http://content.example:3001';
const GET_MODULE = 'GET /api/me/enrolments/e1/steps/s1/module';
const LAUNCH = 'POST /api/me/enrolments/e1/steps/s1/launches';

function moduleDto(overrides: Partial<ModuleDto> = {}): ModuleDto {
  const attempt = {
    id: 'a-1',
    number: 1,
    completion: 'incomplete' as const,
    success: 'unknown' as const,
    scoreScaled: 0.5,
    totalSeconds: 3900,
    startedAt: '2026-03-03T10:00:00.000Z',
    completedAt: null,
  };
  return {
    enrolmentId: 'e1',
    stepId: 's1',
    title: 'Cultural intelligence in practice',
    packageTitle: 'CQ essentials',
    scormVersion: '2004',
    attemptPolicy: 'on_completed',
    grading: 'highest',
    attempt,
    graded: attempt,
    attemptCount: 1,
    nextLaunchStartsNewAttempt: false,
    scos: [
      {
        id: 'sco-1',
        position: 1,
        title: 'Introduction',
        completion: 'completed',
        success: 'unknown',
        scoreScaled: null,
        totalSeconds: 600,
        suspended: false,
      },
      {
        id: 'sco-2',
        position: 2,
        title: 'Working across cultures',
        completion: 'incomplete',
        success: 'unknown',
        scoreScaled: null,
        totalSeconds: 3300,
        suspended: true,
      },
      {
        id: 'sco-3',
        position: 3,
        title: 'Reflection',
        completion: 'not attempted',
        success: 'unknown',
        scoreScaled: null,
        totalSeconds: 0,
        suspended: false,
      },
    ],
    contentOrigin: ORIGIN,
    ...overrides,
  };
}

/** Answers a launch as the API does: the SCO asked for, or the first one not completed. */
function launchFor(body: { scoId?: string }): LaunchDto {
  const scoId = body.scoId ?? 'sco-2';
  return {
    attemptId: 'a-1',
    attemptNumber: 1,
    newAttempt: false,
    scoId,
    entry: 'resume',
    playerUrl: `${ORIGIN}/player/token-${scoId}`,
  };
}

function stubModule(module: ModuleDto = moduleDto()) {
  return stubFetch({
    [GET_MODULE]: () => jsonResponse(200, module),
    [LAUNCH]: async (request) => {
      const text = await request.text();
      return jsonResponse(201, launchFor(text ? (JSON.parse(text) as { scoId?: string }) : {}));
    },
  });
}

async function mountView(): Promise<VueWrapper> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/learning/:enrolmentId/steps/:stepId', component: ModuleView, props: true },
      { path: '/:rest(.*)*', component: { render: () => null } },
    ],
  });
  await router.push('/learning/e1/steps/s1');
  const wrapper = mount(ModuleView, {
    attachTo: document.body,
    props: { enrolmentId: 'e1', stepId: 's1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return wrapper;
}

function frameOf(wrapper: VueWrapper): HTMLIFrameElement {
  return wrapper.get<HTMLIFrameElement>('[data-testid="player-frame"]').element;
}

async function post(data: unknown, options: { origin?: string; source?: Window | null } = {}): Promise<void> {
  window.dispatchEvent(
    new MessageEvent('message', { origin: options.origin ?? ORIGIN, data, source: options.source ?? null }),
  );
  await flushPromises();
}

function launches(requests: { method: string; path: string; body: unknown }[]) {
  return requests.filter((request) => `${request.method} ${request.path}` === LAUNCH).map((r) => r.body);
}

describe('ModuleView', () => {
  beforeEach(() => {
    setCsrfToken('csrf');
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the status, score, time, attempt and contents of the module', async () => {
    stubModule();
    const wrapper = await mountView();

    expect(wrapper.get('h1').text()).toBe('Cultural intelligence in practice');
    expect(wrapper.get('[data-testid="module-status"]').text()).toBe('In progress');
    expect(wrapper.get('[data-testid="module-score"]').text()).toBe('50%');
    expect(wrapper.get('[data-testid="module-time"]').text()).toBe('1 hour 5 minutes');
    expect(wrapper.get('[data-testid="module-attempt"]').text()).toBe('Attempt 1');
    expect(wrapper.get('[data-testid="module-grading"]').text()).toContain('highest score');
    expect(wrapper.get('[data-testid="module-launch"]').text()).toBe('Continue module');
    expect(wrapper.findAll('[data-testid="module-sco-status"]').map((tag) => tag.text())).toEqual([
      'Completed',
      'In progress',
      'Not started',
    ]);
    expect(wrapper.findAll('[data-testid="module-sco-open"]').map((button) => button.text())).toEqual([
      'Open Introduction',
      'Resume Working across cultures',
      'Open Reflection',
    ]);
    expect(wrapper.find('iframe').exists()).toBe(false);
    expect(document.title).toBe('Cultural intelligence in practice – CQ Pathway');
    wrapper.unmount();
  });

  it('offers to start the module, or a new attempt, as the API says', async () => {
    stubModule(moduleDto({ attempt: null, graded: null, attemptCount: 0 }));
    const fresh = await mountView();
    expect(fresh.get('[data-testid="module-launch"]').text()).toBe('Start module');
    expect(fresh.get('[data-testid="module-status"]').text()).toBe('Not started');
    expect(fresh.get('[data-testid="module-score"]').text()).toBe('No score yet');
    fresh.unmount();

    const passed = {
      ...moduleDto().attempt!,
      completion: 'completed' as const,
      success: 'passed' as const,
      scoreScaled: 0.85,
    };
    stubModule(moduleDto({ attempt: passed, graded: passed, nextLaunchStartsNewAttempt: true }));
    const done = await mountView();
    expect(done.get('[data-testid="module-launch"]').text()).toBe('Start a new attempt');
    expect(done.get('[data-testid="module-status"]').text()).toBe('Passed');
    expect(done.get('[data-testid="module-score"]').text()).toBe('85%');
    // A new attempt starts afresh, so nothing is resumed.
    expect(done.findAll('[data-testid="module-sco-open"]')[1]?.text()).toBe('Open Working across cultures');
    done.unmount();
  });

  it('launches the module and shows the player in a frame from the player URL', async () => {
    const { requests } = stubModule();
    const wrapper = await mountView();

    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();

    expect(launches(requests)).toEqual([{}]);
    expect(requests.find((r) => r.method === 'POST')?.headers.get('X-CSRF-Token')).toBe('csrf');
    const frame = frameOf(wrapper);
    expect(frame.getAttribute('src')).toBe(`${ORIGIN}/player/token-sco-2`);
    expect(frame.getAttribute('title')).toBe('Module content: CQ essentials');
    expect(frame.getAttribute('allow')).toBe('fullscreen; autoplay');
    expect(frame.classList.contains('app-module-player__frame')).toBe(true);
    expect(frame.hasAttribute('style')).toBe(false);
    expect(document.activeElement).toBe(frame);
    expect(wrapper.get('[data-testid="player-part"]').text()).toBe('Part 2 of 3: Working across cultures');
    expect(wrapper.find('[data-testid="module-contents"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="player-status"]').attributes('aria-live')).toBe('polite');
    wrapper.unmount();
  });

  it('moves to the previous and next parts, and explains when there is none', async () => {
    const { requests } = stubModule();
    const wrapper = await mountView();
    await wrapper.findAll('[data-testid="module-sco-open"]')[0]!.trigger('click');
    await flushPromises();

    expect(launches(requests)).toEqual([{ scoId: 'sco-1' }]);
    const previous = wrapper.get<HTMLButtonElement>('[data-testid="player-previous"]');
    expect(previous.element.disabled).toBe(true);
    expect(previous.attributes('aria-describedby')).toBe('module-player-nav-hint');
    expect(wrapper.get('#module-player-nav-hint').text()).toBe(
      'This is the first part of the module, so there is no previous part.',
    );

    await wrapper.get('[data-testid="player-next"]').trigger('click');
    await flushPromises();
    expect(launches(requests).at(-1)).toEqual({ scoId: 'sco-2' });
    expect(frameOf(wrapper).getAttribute('src')).toBe(`${ORIGIN}/player/token-sco-2`);
    expect(wrapper.find('#module-player-nav-hint').exists()).toBe(false);

    await wrapper.get('[data-testid="player-next"]').trigger('click');
    await flushPromises();
    expect(launches(requests).at(-1)).toEqual({ scoId: 'sco-3' });
    expect(wrapper.get<HTMLButtonElement>('[data-testid="player-next"]').element.disabled).toBe(true);
    expect(wrapper.get('#module-player-nav-hint').text()).toContain('last part');

    await wrapper.get('[data-testid="player-previous"]').trigger('click');
    await flushPromises();
    expect(launches(requests).at(-1)).toEqual({ scoId: 'sco-2' });
    expect(launches(requests)).toHaveLength(4);
    wrapper.unmount();
  });

  it('has no previous and next buttons for a module with one part', async () => {
    stubModule(moduleDto({ scos: [moduleDto().scos[0]!] }));
    const wrapper = await mountView();

    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('iframe').exists()).toBe(true);
    expect(wrapper.find('[data-testid="player-previous"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="player-next"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="player-exit"]').text()).toBe('Exit module');
    wrapper.unmount();
  });

  it('shows what the player says about saving, and opens the next part when the content asks', async () => {
    const { requests } = stubModule();
    const wrapper = await mountView();
    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();
    const source = frameOf(wrapper).contentWindow;
    const status = () => wrapper.get('[data-testid="player-status"]').text();

    await post({ type: 'cqp:player', event: 'status', status: 'saved' }, { source });
    expect(status()).toBe('All progress saved');

    await post({ type: 'cqp:player', event: 'status', status: 'offline' }, { source });
    expect(status()).toBe(
      'Connection lost — your progress is kept in this browser and will be saved when the connection returns.',
    );

    await post({ type: 'cqp:player', event: 'status', status: 'expired' }, { source });
    expect(status()).toBe('This session has expired. Exit and open the module again.');

    await post({ type: 'cqp:player', event: 'terminated', navRequest: 'continue' }, { source });
    expect(launches(requests)).toEqual([{}, { scoId: 'sco-3' }]);
    expect(frameOf(wrapper).getAttribute('src')).toBe(`${ORIGIN}/player/token-sco-3`);
    // The new session starts with nothing to report.
    expect(status()).toBe('');
    wrapper.unmount();
  });

  it('ignores messages from any other origin, or from another window on the content origin', async () => {
    const { requests } = stubModule();
    const wrapper = await mountView();
    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();
    const source = frameOf(wrapper).contentWindow;

    await post(
      { type: 'cqp:player', event: 'status', status: 'saved' },
      { origin: 'https://evil.example', source },
    );
    await post(
      { type: 'cqp:player', event: 'terminated', navRequest: 'continue' },
      { origin: 'https://evil.example', source },
    );
    await post(
      { type: 'cqp:player', event: 'terminated', navRequest: 'exit' },
      { origin: 'http://localhost:3000', source },
    );
    // The module's own content runs on the content origin too, inside the player: it is not the player.
    await post({ type: 'cqp:player', event: 'terminated', navRequest: 'exit' }, { source: window });

    expect(wrapper.get('[data-testid="player-status"]').text()).toBe('');
    expect(launches(requests)).toHaveLength(1);
    expect(frameOf(wrapper).getAttribute('src')).toBe(`${ORIGIN}/player/token-sco-2`);

    // The same message from the player itself is acted on.
    await post({ type: 'cqp:player', event: 'status', status: 'saved' }, { source });
    expect(wrapper.get('[data-testid="player-status"]').text()).toBe('All progress saved');
    wrapper.unmount();
  });

  it('closes the player when the content exits, reloads the progress and focuses the heading', async () => {
    const { requests } = stubModule();
    const wrapper = await mountView();
    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();

    await post(
      { type: 'cqp:player', event: 'terminated', navRequest: 'exit' },
      { source: frameOf(wrapper).contentWindow },
    );

    expect(wrapper.find('iframe').exists()).toBe(false);
    expect(wrapper.find('[data-testid="module-contents"]').exists()).toBe(true);
    expect(requests.filter((r) => `${r.method} ${r.path}` === GET_MODULE)).toHaveLength(2);
    expect(document.activeElement).toBe(wrapper.get('h1').element);
    expect(launches(requests)).toHaveLength(1);
    wrapper.unmount();
  });

  it('keeps the player open after the content exits until the player has saved everything', async () => {
    stubModule();
    const wrapper = await mountView();
    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();
    const source = frameOf(wrapper).contentWindow;

    await post({ type: 'cqp:player', event: 'status', status: 'offline' }, { source });
    await post({ type: 'cqp:player', event: 'terminated', navRequest: 'exit' }, { source });
    // The API is unreachable: closing the frame now would lose what the player still holds.
    expect(wrapper.find('iframe').exists()).toBe(true);

    await post({ type: 'cqp:player', event: 'status', status: 'saved' }, { source });
    expect(wrapper.find('iframe').exists()).toBe(false);
    expect(wrapper.find('[data-testid="module-contents"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('closes the player with Exit module', async () => {
    const { requests } = stubModule();
    const wrapper = await mountView();
    await wrapper.findAll('[data-testid="module-sco-open"]')[2]!.trigger('click');
    await flushPromises();
    expect(launches(requests)).toEqual([{ scoId: 'sco-3' }]);

    await wrapper.get('[data-testid="player-exit"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('iframe').exists()).toBe(false);
    expect(wrapper.get('[data-testid="module-launch"]').text()).toBe('Continue module');
    expect(requests.filter((r) => `${r.method} ${r.path}` === GET_MODULE)).toHaveLength(2);
    expect(document.activeElement).toBe(wrapper.get('h1').element);
    wrapper.unmount();
  });

  it('shows why a module cannot be opened', async () => {
    stubFetch({
      [GET_MODULE]: apiError(409, 'CONFLICT', 'This module is not ready yet. Try again later.'),
    });
    const wrapper = await mountView();

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.text()).toContain('This module could not be shown');
    expect(summary.text()).toContain('This module is not ready yet. Try again later.');
    expect(wrapper.find('[data-testid="module-launch"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('never puts anything but a web page in the frame', async () => {
    stubFetch({
      [GET_MODULE]: jsonResponse(200, moduleDto()),
      [LAUNCH]: jsonResponse(201, { ...launchFor({}), playerUrl: 'javascript:alert(1)' }),
    });
    const wrapper = await mountView();

    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('iframe').exists()).toBe(false);
    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain('The module could not be opened');
    wrapper.unmount();
  });

  it('shows a launch that fails in an error summary, and keeps the contents', async () => {
    stubFetch({
      [GET_MODULE]: jsonResponse(200, moduleDto()),
      [LAUNCH]: apiError(404, 'NOT_FOUND', 'That module could not be found.'),
    });
    const wrapper = await mountView();

    await wrapper.get('[data-testid="module-launch"]').trigger('click');
    await flushPromises();

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.text()).toContain('The module could not be opened');
    expect(summary.text()).toContain('That module could not be found.');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.find('iframe').exists()).toBe(false);
    expect(wrapper.find('[data-testid="module-contents"]').exists()).toBe(true);
    wrapper.unmount();
  });
});
