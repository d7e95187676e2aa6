import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import playerHtml from '../../player.html?raw';
import type { LaunchState } from './launch';

const state: LaunchState = {
  scormVersion: '2004',
  title: 'Cultural intelligence: module 1',
  launchUrl: '/content/tok/shared/launchpage.html?x=1',
  cmi: { 'cmi.learner_id': 'u-1', 'cmi.learner_name': 'Doe, Jo', 'cmi.entry': 'ab-initio' },
  lastSeq: 0,
  terminated: false,
  appOrigin: 'https://app.example.nhs.uk',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const host = window as unknown as Record<string, unknown>;
const postMessage = vi.fn();

/** Loads the page's markup at /player/{token} and runs the player against a stubbed server. */
async function startPlayer(runtime: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const page = new DOMParser().parseFromString(playerHtml, 'text/html');
  document.body.replaceChildren(...Array.from(page.body.children).filter((el) => el.tagName !== 'SCRIPT'));
  window.history.replaceState(null, '', '/player/tok');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => runtime(url, init)),
  );
  vi.resetModules();
  await import('./player');
}

const alertText = () => document.getElementById('player-alert')?.textContent ?? '';
const statusText = () => document.getElementById('player-status-text')?.textContent ?? '';

beforeEach(() => {
  localStorage.clear();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  postMessage.mockReset();
  Object.defineProperty(window, 'parent', { configurable: true, value: { postMessage } });
});

afterEach(() => {
  delete host.API;
  delete host.API_1484_11;
  Reflect.deleteProperty(window, 'parent');
});

describe('player page', () => {
  it('is an accessible document', () => {
    const page = new DOMParser().parseFromString(playerHtml, 'text/html');
    expect(page.documentElement.lang).toBe('en');
    expect(page.title).toBe('Module player — CQ Pathway');
    expect(page.querySelector('[role="alert"]')).not.toBeNull();
    expect(page.querySelector('[aria-live="polite"]')).not.toBeNull();
    expect(page.querySelector('[style]')).toBeNull();
    expect(page.querySelector('style')).toBeNull();
    expect(
      Array.from(page.querySelectorAll('script')).every((s) => s.src !== '' && s.textContent === ''),
    ).toBe(true);
  });

  it('exposes the API before it creates the titled SCO frame', async () => {
    const apiWhenFrameCreated: unknown[] = [];
    const createElement = document.createElement.bind(document);
    vi.spyOn(document, 'createElement').mockImplementation(
      (tag: string, options?: ElementCreationOptions) => {
        if (tag === 'iframe') apiWhenFrameCreated.push(host.API_1484_11);
        return createElement(tag, options);
      },
    );
    await startPlayer(() => json(200, state));

    await vi.waitFor(() => expect(document.querySelector('iframe')).not.toBeNull());
    const frame = document.querySelector('iframe')!;
    expect(frame.title).toBe(state.title);
    expect(frame.getAttribute('src')).toBe(state.launchUrl);
    expect(apiWhenFrameCreated).toHaveLength(1);
    expect(apiWhenFrameCreated[0]).toBeDefined();
    expect(host.API).toBeUndefined();
    expect(document.title).toBe(`${state.title} — CQ Pathway`);
    expect(alertText()).toBe('');
  });

  it('tells the app about saves and about the end of the session', async () => {
    const commits: unknown[] = [];
    await startPlayer((url, init) => {
      if (url === '/runtime/tok') return json(200, state);
      commits.push(JSON.parse(String(init?.body)));
      return json(200, { result: true, errorCode: 0, seq: commits.length });
    });
    await vi.waitFor(() => expect(host.API_1484_11).toBeDefined());
    const sco = host.API_1484_11 as Record<string, (...args: string[]) => string>;
    sco.Initialize!('');
    sco.SetValue!('adl.nav.request', 'continue');
    sco.Terminate!('');

    await vi.waitFor(() =>
      expect(postMessage).toHaveBeenCalledWith(
        { type: 'cqp:player', event: 'terminated', navRequest: 'continue' },
        'https://app.example.nhs.uk',
      ),
    );
    expect(postMessage).toHaveBeenCalledWith(
      { type: 'cqp:player', event: 'status', status: 'saved' },
      'https://app.example.nhs.uk',
    );
    expect(commits).toEqual([expect.objectContaining({ seq: 1, terminate: true })]);
    expect(statusText()).toBe('All progress saved');
  });

  it('does not load the SCO when the session has already ended', async () => {
    await startPlayer(() => json(200, { ...state, terminated: true }));
    await vi.waitFor(() =>
      expect(alertText()).toBe('This session has ended. Go back to the module page to carry on.'),
    );
    expect(document.querySelector('iframe')).toBeNull();
    expect(host.API_1484_11).toBeUndefined();
  });

  it("shows the server's message when the launch has expired", async () => {
    await startPlayer(() => json(401, { code: 'LAUNCH_EXPIRED', message: 'This launch link has expired.' }));
    await vi.waitFor(() => expect(alertText()).toBe('This launch link has expired.'));
    expect(document.querySelector('iframe')).toBeNull();
  });
});
