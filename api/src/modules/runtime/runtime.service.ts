import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { sha256 } from '../auth/tokens.js';
import {
  extractInteractions,
  extractObjectives,
  formatTimespan,
  mergeState,
  parseTimespan,
  summarise,
  validateCommit,
  type CmiModel,
  type CmiState,
} from './cmi/index.js';
import { ContentOrigin } from './content-origin.js';
import { countsAsDone, rollUp, scaledFromRaw } from './rollup.js';
import {
  RuntimeRepository,
  type CommitContext,
  type LaunchRow,
  type ScormVersion,
} from './runtime.repository.js';

/** What the run-time endpoints answer: a status and a SCORM-style body the player understands. */
export interface RuntimeAnswer {
  status: number;
  body: Record<string, unknown>;
}

export const modelOf = (v: ScormVersion): CmiModel => (v === '1.2' ? '1.2' : '2004');

const answer = (status: number, body: Record<string, unknown>): RuntimeAnswer => ({ status, body });
const expired = () =>
  answer(401, {
    result: false,
    errorCode: 0,
    code: 'LAUNCH_EXPIRED',
    message:
      'This module session has expired. Reopen the module from My learning: your saved progress is kept.',
  });

/** What newToken() makes (base64url); anything else is not looked up. */
const LAUNCH_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** A little slack on the wall clock, for a SCO whose own timer started a moment before the launch row. */
const CLOCK_SLACK_SECONDS = 5;

/**
 * The token side of the run time: the launch state a player loads, and the commits it sends. A launch token
 * opens exactly one SCO session of one attempt; nothing here reads a cookie.
 */
@Injectable()
export class RuntimeService {
  constructor(
    private readonly repo: RuntimeRepository,
    private readonly origin: ContentOrigin,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The launch a token opens, if it is known and has not expired. */
  async launch(token: string): Promise<LaunchRow | null> {
    if (!LAUNCH_TOKEN.test(token)) return null;
    const launch = await this.repo.launchByTokenHash(sha256(token));
    return launch && launch.expiresAt.getTime() > Date.now() ? launch : null;
  }

  /** Everything the player needs to start the SCO: the stored state plus the values the LMS owns. */
  async launchState(token: string): Promise<RuntimeAnswer> {
    const launch = await this.launch(token);
    if (!launch) return expired();
    const sco = (await this.repo.scos(launch.packageVersionId)).find((s) => s.id === launch.scoId);
    const version = await this.repo.version(launch.packageVersionId);
    const state = (await this.repo.scoStates(launch.attemptId)).find((s) => s.scoId === launch.scoId);
    const learner = await this.repo.learnerOfEnrolment(launch.enrolmentId);
    if (!sco || !version || !learner) return expired();
    const model = modelOf(launch.scormVersion);
    const item = findItem(version.manifest, sco.itemIdentifier);
    const cmi: CmiState = { ...withoutSessionElements(model, state?.cmi ?? {}) };
    const total = formatTimespan(model, state?.totalSeconds ?? 0);
    const timeLimit = (v: string | null | undefined) => (v && parseTimespan(model, v) !== null ? v : '');
    if (model === '1.2') {
      Object.assign(cmi, {
        'cmi.core.student_id': learner.personId,
        'cmi.core.student_name': learner.fullName,
        'cmi.core.entry': launch.entry,
        'cmi.core.credit': 'credit',
        'cmi.core.lesson_mode': 'normal',
        'cmi.core.total_time': total,
        'cmi.launch_data': item?.dataFromLms ?? '',
        'cmi.student_data.mastery_score': sco.masteryScore === null ? '' : String(sco.masteryScore),
        'cmi.student_data.max_time_allowed': timeLimit(item?.maxTimeAllowed),
        'cmi.student_data.time_limit_action': item?.timeLimitAction ?? '',
      });
    } else {
      Object.assign(cmi, {
        'cmi.learner_id': learner.personId,
        'cmi.learner_name': learner.fullName,
        'cmi.entry': launch.entry,
        'cmi.credit': 'credit',
        'cmi.mode': 'normal',
        'cmi.total_time': total,
        'cmi.launch_data': item?.dataFromLms ?? '',
        ...(sco.completionThreshold !== null
          ? { 'cmi.completion_threshold': String(sco.completionThreshold) }
          : {}),
        ...(timeLimit(item?.maxTimeAllowed) ? { 'cmi.max_time_allowed': item?.maxTimeAllowed } : {}),
        ...(item?.timeLimitAction ? { 'cmi.time_limit_action': item.timeLimitAction } : {}),
      });
    }
    return answer(200, {
      scormVersion: model,
      title: sco.title,
      launchUrl: `/content/${token}/${sco.launch}`,
      cmi,
      lastSeq: launch.commitSeq,
      terminated: launch.terminatedAt !== null,
      appOrigin: this.origin.appOrigin,
    });
  }

  /**
   * One commit: `{seq, terminate?, cmi}` with the flat CMI elements. Validated against the data model,
   * merged over the stored state and stored with its analysis rows and roll-up in one transaction. A repeat
   * of the last accepted sequence number is acknowledged without being applied again (a retried request);
   * an older one is stale; after Terminate only a repeat of the terminating commit is acknowledged.
   */
  async commit(token: string, raw: unknown): Promise<RuntimeAnswer> {
    const shape = commitShape(raw);
    if ('error' in shape)
      return answer(400, { result: false, errorCode: 0, code: 'BAD_REQUEST', message: shape.error });
    if (!LAUNCH_TOKEN.test(token)) return expired();
    const tokenHash = sha256(token);
    // Read once, decide, write once. The write applies only if the launch is still at the sequence number
    // read (a commit of the same launch racing this one makes it apply nothing), so the whole commit is one
    // atomic statement; a lost race reads again and answers as the newer state says.
    for (let round = 0; round < 5; round++) {
      const ctx = await this.repo.commitContext(tokenHash);
      if (!ctx || ctx.expiresAt.getTime() <= Date.now()) return expired();
      if (ctx.terminatedAt) {
        return shape.seq === ctx.commitSeq
          ? answer(200, { result: true, errorCode: 0, seq: ctx.commitSeq })
          : answer(200, {
              result: false,
              errorCode: 391,
              message: 'This module session has already ended, so nothing more can be saved to it.',
            });
      }
      if (shape.seq === ctx.commitSeq) return answer(200, { result: true, errorCode: 0, seq: ctx.commitSeq });
      if (shape.seq < ctx.commitSeq)
        return answer(409, {
          result: false,
          errorCode: 0,
          code: 'STALE_COMMIT',
          message: `A newer save (number ${ctx.commitSeq}) is already stored; this older one (number ${shape.seq}) was ignored.`,
        });
      const model = modelOf(ctx.scormVersion);
      const checked = validateCommit(model, shape.cmi);
      if (!checked.ok) {
        const first = checked.errors[0];
        return answer(422, {
          result: false,
          errorCode: first.code,
          code: 'INVALID_CMI',
          message: `The module sent data that is not valid SCORM ${model}: ${first.element}: ${first.message}`,
          errors: checked.errors,
        });
      }
      if (await this.apply(ctx, model, checked.state, checked.sessionSeconds, shape))
        return answer(200, { result: true, errorCode: 0, seq: shape.seq });
    }
    return answer(409, {
      result: false,
      errorCode: 0,
      code: 'STALE_COMMIT',
      message: 'Other saves of this session kept arriving at the same moment; this one was not applied.',
    });
  }

  private async apply(
    ctx: CommitContext,
    model: CmiModel,
    incoming: CmiState,
    reportedSeconds: number | null,
    c: { seq: number; terminate: boolean },
  ): Promise<boolean> {
    // Time is the server's: the SCO's session time, never more than the wall clock since launch.
    const elapsed = (Date.now() - ctx.createdAt.getTime()) / 1000;
    const sessionSeconds =
      reportedSeconds === null ? null : Math.min(reportedSeconds, elapsed + CLOCK_SLACK_SECONDS);
    const addSeconds = c.terminate ? (sessionSeconds ?? elapsed) : 0;

    const cmi = mergeState(ctx.cmi, incoming);
    const summary = summarise(model, cmi, {
      masteryScore: model === '1.2' ? ctx.masteryScore : null,
      scaledPassingScore: null,
      completionThreshold: model === '2004' ? ctx.completionThreshold : null,
    });
    const scoreScaled =
      model === '1.2'
        ? scaledFromRaw(summary.scoreRaw, summary.scoreMin, summary.scoreMax)
        : summary.scoreScaled;
    const scoTotal = ctx.scoTotalSeconds + addSeconds;
    const rollup = rollUp(ctx.scoCount, [
      ...ctx.others,
      { completion: summary.completion, success: summary.success, scoreScaled, totalSeconds: scoTotal },
    ]);
    // Analysis rows are rewritten only when they changed: most commits carry the same interactions again.
    const interactions = extractInteractions(model, cmi);
    const objectives = extractObjectives(model, cmi);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    return this.repo.applyCommit({
      launchId: ctx.id,
      attemptId: ctx.attemptId,
      scoId: ctx.scoId,
      enrolmentId: ctx.enrolmentId,
      packageId: ctx.packageId,
      expectedSeq: ctx.commitSeq,
      seq: c.seq,
      terminate: c.terminate,
      sessionSeconds,
      ttlHours: this.config.launchTtlHours,
      cmi,
      summary,
      scoreScaled,
      addSeconds,
      newSession: ctx.commitSeq === 0,
      rollup,
      interactions: same(interactions, extractInteractions(model, ctx.cmi)) ? null : interactions,
      objectives: same(objectives, extractObjectives(model, ctx.cmi)) ? null : objectives,
      stepDone: countsAsDone(rollup),
    });
  }

  /** Rolls an attempt up from its SCOs and, once it counts as done, completes the programme step. */
  async refreshAttempt(
    attemptId: string,
    enrolmentId: string,
    packageId: string,
    scoCount: number,
    m: EntityManager,
  ): Promise<void> {
    const rollup = rollUp(scoCount, await this.repo.scoStates(attemptId, m));
    await this.repo.saveAttempt(attemptId, rollup, m);
    if (countsAsDone(rollup)) await this.repo.markStepsCompleted(enrolmentId, packageId, m);
  }
}

/** Checks the envelope of a commit; the CMI inside is validated against the data model afterwards. */
export function commitShape(
  raw: unknown,
): { seq: number; terminate: boolean; cmi: unknown } | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { error: 'A commit must be a JSON object with "seq" and "cmi".' };
  const o = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1)
    return { error: '"seq" must be a whole number from 1, one higher for every commit of the session.' };
  if (o.terminate !== undefined && typeof o.terminate !== 'boolean')
    return { error: '"terminate" must be true or false.' };
  if (typeof o.cmi !== 'object' || o.cmi === null || Array.isArray(o.cmi))
    return { error: '"cmi" must be an object of data model elements and their values.' };
  for (const [k, v] of Object.entries(o.cmi as Record<string, unknown>)) {
    if (!storable(k) || (typeof v === 'string' && !storable(v)))
      return {
        error: `"${storable(k) ? k : 'an element name'}" contains a NUL character or a broken Unicode sequence, which cannot be saved.`,
      };
  }
  return { seq: o.seq as number, terminate: o.terminate === true, cmi: o.cmi };
}

/** PostgreSQL text cannot hold U+0000, and JSON text must be well-formed UTF-16. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/** The session's write-only elements are not handed back to the next session. */
function withoutSessionElements(model: CmiModel, cmi: CmiState): CmiState {
  const drop =
    model === '1.2'
      ? ['cmi.core.exit', 'cmi.core.session_time']
      : ['cmi.exit', 'cmi.session_time', 'adl.nav.request'];
  return Object.fromEntries(Object.entries(cmi).filter(([k]) => !drop.includes(k)));
}

interface ItemFacts {
  identifier: string;
  dataFromLms: string | null;
  maxTimeAllowed: string | null;
  timeLimitAction: string | null;
  children?: ItemFacts[];
}

/** The manifest item a SCO was launched from (for its launch data and time limits). */
export function findItem(manifest: unknown, identifier: string): ItemFacts | null {
  const orgs = (manifest as { organizations?: { items?: ItemFacts[] }[] } | null)?.organizations ?? [];
  const stack: ItemFacts[] = orgs.flatMap((o) => o.items ?? []);
  while (stack.length) {
    const item = stack.pop() as ItemFacts;
    if (item.identifier === identifier) return item;
    stack.push(...(item.children ?? []));
  }
  return null;
}
