import './player.css';
import { learnerOwnedPart, loadCmi } from './cmi';
import { CommitQueue, storageKey, type QueueStatus } from './commit-queue';
import { loadLaunchState, normaliseOrigin, parsePlayerToken, sameOriginLaunchUrl } from './launch';
import { apiSettings, createApi, exposeApi, navRequestOf, terminateEvent, type Api } from './runtime';

/**
 * The SCORM player page. It runs on the content origin, inside the app's module page, and hosts the
 * scorm-again run-time API that the SCO (in an iframe below it) finds by searching its parent frames.
 */

const MESSAGES = {
  invalidLink: 'This module link is not valid. Reopen the module from My learning.',
  cannotStart: 'The module could not be started. Reopen the module from My learning.',
  unreachable: 'Cannot reach CQ Pathway. Retrying…',
  ended: 'This session has ended. Go back to the module page to carry on.',
  expired:
    'This session has expired. Your progress up to your last save is kept; reopen the module from My learning.',
  saving: 'Saving your progress…',
  saved: 'All progress saved',
  offline:
    'Connection lost — your progress is kept in this browser and will be saved when the connection returns.',
  rejected: 'The module sent data that could not be saved.',
  loading: 'Loading the module…',
  ready: 'Your progress is saved automatically.',
} as const;

/** How long a "terminated" message waits for the terminate commit to reach the server. */
const TERMINATE_WAIT_MS = 3_000;

type PlayerMessage =
  | { type: 'cqp:player'; event: 'status'; status: QueueStatus }
  | { type: 'cqp:player'; event: 'terminated'; navRequest: string };

interface Ui {
  alert(text: string): void;
  status(text: string, problem?: boolean): void;
  notice(text: string): void;
  frameContainer: HTMLElement;
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The player page has no #${id}.`);
  return found;
}

function createUi(): Ui {
  const alertRegion = element('player-alert');
  const statusBar = element('player-status');
  const statusText = element('player-status-text');
  const noticeText = element('player-notice');
  return {
    alert(text) {
      const message = document.createElement('p');
      message.className = 'player-alert__message';
      message.textContent = text;
      alertRegion.replaceChildren(message);
    },
    status(text, problem = false) {
      statusText.textContent = text;
      statusBar.classList.toggle('player-status--problem', problem);
    },
    notice(text) {
      noticeText.textContent = text;
    },
    frameContainer: element('player-frame'),
  };
}

function showQueueStatus(ui: Ui, status: QueueStatus): void {
  switch (status) {
    case 'saving':
      ui.status(MESSAGES.saving);
      break;
    case 'saved':
      ui.status(MESSAGES.saved);
      break;
    case 'offline':
      ui.status(MESSAGES.offline, true);
      break;
    case 'rejected':
      ui.status('');
      ui.notice(MESSAGES.rejected);
      break;
    case 'expired':
      ui.status('', true);
      ui.alert(MESSAGES.expired);
      break;
    case 'ended':
      ui.status('', true);
      ui.alert(MESSAGES.ended);
      break;
  }
}

function forgetStoredCommit(token: string): void {
  try {
    localStorage.removeItem(storageKey(token));
  } catch {
    // Storage unavailable: nothing to forget.
  }
}

async function startPlayer(): Promise<void> {
  const ui = createUi();
  const token = parsePlayerToken(window.location.pathname);
  if (!token) {
    ui.status('');
    ui.alert(MESSAGES.invalidLink);
    return;
  }

  const launch = await loadLaunchState(token, {
    onRetry: () => ui.status(MESSAGES.unreachable, true),
  });
  if (!launch.ok) {
    ui.status('');
    ui.alert(launch.message);
    return;
  }
  const state = launch.state;
  ui.status(MESSAGES.loading);
  const version = state.scormVersion;
  const appOrigin = normaliseOrigin(state.appOrigin);
  const post = (message: PlayerMessage) => {
    if (appOrigin && window.parent !== window) window.parent.postMessage(message, appOrigin);
  };
  document.title = state.title.trim() ? `${state.title} — CQ Pathway` : 'Module player — CQ Pathway';

  if (state.terminated) {
    // Whatever this browser still holds for the launch can no longer be saved.
    forgetStoredCommit(token);
    ui.status('');
    ui.alert(MESSAGES.ended);
    post({ type: 'cqp:player', event: 'status', status: 'ended' });
    return;
  }
  const launchUrl = sameOriginLaunchUrl(state.launchUrl, window.location.origin);
  if (!launchUrl) {
    ui.status('');
    ui.alert(MESSAGES.cannotStart);
    return;
  }

  const queue = new CommitQueue({
    token,
    lastSeq: state.lastSeq,
    onStatus: (status) => {
      showQueueStatus(ui, status);
      post({ type: 'cqp:player', event: 'status', status });
    },
  });
  const flush = () => queue.flush();
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
    else queue.resume();
  });
  window.addEventListener('pageshow', () => queue.resume());
  window.addEventListener('online', () => queue.retryNow());

  if (queue.recoveredTerminate()) {
    // The module had already finished in an earlier visit; the queue is now sending that last save.
    ui.alert(MESSAGES.ended);
    await queue.whenIdle(TERMINATE_WAIT_MS);
    post({ type: 'cqp:player', event: 'terminated', navRequest: '_none_' });
    return;
  }

  let api: Api;
  try {
    api = await createApi(version, apiSettings(token, queue));
  } catch (error) {
    console.error('The SCORM run-time could not be loaded.', error);
    ui.status('');
    ui.alert(MESSAGES.cannotStart);
    return;
  }

  // The server's state, then what the learner did in an earlier visit that never reached the server.
  const recovered = queue.recoveredCmi();
  const cmi = recovered ? { ...state.cmi, ...learnerOwnedPart(recovered, version) } : state.cmi;
  const refused = loadCmi(api, cmi);
  if (refused.length > 0) console.warn('CQ Pathway could not load some run-time data:', refused);

  api.on(terminateEvent(version), () => {
    const navRequest = navRequestOf(api, version);
    void queue.whenIdle(TERMINATE_WAIT_MS).then(() => {
      post({ type: 'cqp:player', event: 'terminated', navRequest });
    });
  });

  // Before the SCO's frame exists, so its search of the parent frames finds the API.
  exposeApi(window, version, api);

  const frame = document.createElement('iframe');
  frame.className = 'player-frame__iframe';
  frame.title = state.title.trim() || 'Module content';
  frame.allowFullscreen = true;
  frame.src = launchUrl;
  ui.frameContainer.replaceChildren(frame);
  if (queue.status === null) ui.status(MESSAGES.ready);
}

void startPlayer().catch((error: unknown) => {
  console.error('The module player failed to start.', error);
  const alertRegion = document.getElementById('player-alert');
  if (alertRegion) {
    const message = document.createElement('p');
    message.className = 'player-alert__message';
    message.textContent = MESSAGES.cannotStart;
    alertRegion.replaceChildren(message);
  }
});
