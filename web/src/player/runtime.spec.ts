import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCmi } from './cmi';
import { CommitQueue } from './commit-queue';
import { apiSettings, createApi, exposeApi, navRequestOf, terminateEvent } from './runtime';

interface Sent {
  seq: number;
  terminate: boolean;
  cmi: Record<string, string>;
}

/** The queue wired to scorm-again as the player wires it, with a server that acknowledges everything. */
function setup(lastSeq = 0) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Sent;
    sent.push(body);
    return {
      status: 200,
      ok: true,
      headers: new Headers(),
      json: async () => ({ result: true, errorCode: 0, seq: body.seq }),
    } as unknown as Response;
  });
  const queue = new CommitQueue({ token: 'tok', lastSeq, fetch, storage: null, sendBeacon: null });
  return { queue, sent, fetch };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the player run-time (scorm-again with the commit queue)', () => {
  it('SCORM 1.2: the SCO sees the launch data, and commits reach the server as flat snapshots', async () => {
    const { queue, sent } = setup(3);
    const api = await createApi('1.2', apiSettings('tok', queue));
    loadCmi(api, {
      'cmi.core.student_id': 'u-1',
      'cmi.core.student_name': 'Doe, Jo',
      'cmi.core.entry': 'resume',
      'cmi.core.lesson_location': 'page-3',
      'cmi.suspend_data': 'saved-state',
    });
    const finished = vi.fn();
    api.on(terminateEvent('1.2'), finished);
    const target = {};
    exposeApi(target, '1.2', api);
    expect(target).toEqual({ API: api });

    const sco = api as unknown as Record<string, (...args: string[]) => string>;
    expect(sco.LMSInitialize!('')).toBe('true');
    expect(sco.LMSGetValue!('cmi.core.student_name')).toBe('Doe, Jo');
    expect(sco.LMSGetValue!('cmi.core.lesson_location')).toBe('page-3');
    expect(sco.LMSSetValue!('cmi.core.lesson_status', 'completed')).toBe('true');
    expect(sco.LMSCommit!('')).toBe('true');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      seq: 4,
      terminate: false,
      cmi: { 'cmi.core.lesson_status': 'completed', 'cmi.suspend_data': 'saved-state' },
    });
    expect(Object.values(sent[0]!.cmi).every((v) => typeof v === 'string')).toBe(true);

    expect(sco.LMSFinish!('')).toBe('true');
    expect(finished).toHaveBeenCalledTimes(1);
    expect(navRequestOf(api, '1.2')).toBe('_none_');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ seq: 5, terminate: true });
  });

  it('SCORM 2004: Terminate sends a terminate commit and the listener can read adl.nav.request', async () => {
    const { queue, sent } = setup();
    const api = await createApi('2004', apiSettings('tok', queue));
    loadCmi(api, { 'cmi.learner_id': 'u-1', 'cmi.learner_name': 'Doe, Jo', 'cmi.entry': 'ab-initio' });
    let navRequest = '';
    api.on(terminateEvent('2004'), () => {
      navRequest = navRequestOf(api, '2004');
    });

    const sco = api as unknown as Record<string, (...args: string[]) => string>;
    expect(sco.Initialize!('')).toBe('true');
    expect(sco.GetValue!('cmi.learner_name')).toBe('Doe, Jo');
    sco.SetValue!('cmi.location', 'p2');
    sco.SetValue!('adl.nav.request', 'continue');
    expect(sco.Terminate!('')).toBe('true');
    expect(navRequest).toBe('continue');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([expect.objectContaining({ seq: 1, terminate: true })]);
    expect(sent[0]!.cmi['cmi.location']).toBe('p2');
  });

  it('autocommits 15 s after the SCO changes data', async () => {
    const { queue, sent } = setup();
    const api = await createApi('2004', apiSettings('tok', queue));
    const sco = api as unknown as Record<string, (...args: string[]) => string>;
    sco.Initialize!('');
    sco.SetValue!('cmi.location', 'p9');
    await vi.advanceTimersByTimeAsync(14_000);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.cmi['cmi.location']).toBe('p9');
  });
});
