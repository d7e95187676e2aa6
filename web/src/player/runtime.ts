import type { Scorm12API, Scorm2004API, Settings } from 'scorm-again';
import type { ScormVersion } from './cmi';
import type { CommitQueue } from './commit-queue';

export type Api = Scorm12API | Scorm2004API;

/** scorm-again's settings for the player: every commit goes to the queue, as flat element → value pairs. */
export function apiSettings(token: string, queue: CommitQueue): Settings {
  return {
    lmsCommitUrl: `/runtime/${encodeURIComponent(token)}/commits`,
    dataCommitFormat: 'flattened',
    autocommit: true,
    autocommitSeconds: 15,
    httpService: queue,
    logLevel: 'WARN',
  };
}

/**
 * Loads the run-time for one SCORM version: the SCORM 2004 one (with sequencing) is several times larger
 * than the SCORM 1.2 one, so each is its own chunk. The packages' ESM builds export the classes by name,
 * while their type declarations describe a default export.
 */
export async function createApi(version: ScormVersion, settings: Settings): Promise<Api> {
  if (version === '1.2') {
    const runtime = (await import('scorm-again/scorm12')) as unknown as { Scorm12API: typeof Scorm12API };
    return new runtime.Scorm12API(settings);
  }
  const runtime = (await import('scorm-again/scorm2004')) as unknown as { Scorm2004API: typeof Scorm2004API };
  return new runtime.Scorm2004API(settings);
}

/** The event scorm-again fires when the SCO ends its session. */
export function terminateEvent(version: ScormVersion): 'LMSFinish' | 'Terminate' {
  return version === '1.2' ? 'LMSFinish' : 'Terminate';
}

/**
 * The navigation request the SCO left in adl.nav.request (SCORM 2004), or `_none_`. Read it in the
 * Terminate listener: scorm-again resets it once the navigation has been processed.
 */
export function navRequestOf(api: Api, version: ScormVersion): string {
  if (version !== '2004') return '_none_';
  const request = (api as Scorm2004API).adl?.nav?.request;
  return typeof request === 'string' && request !== '' ? request : '_none_';
}

/** Puts the API where the SCO's search of its parent frames looks: API (1.2) or API_1484_11 (2004). */
export function exposeApi(target: object, version: ScormVersion, api: Api): void {
  const host = target as { API?: Api; API_1484_11?: Api };
  if (version === '1.2') host.API = api;
  else host.API_1484_11 = api;
}
