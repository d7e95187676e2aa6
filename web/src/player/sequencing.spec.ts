import type { Scorm2004API } from 'scorm-again';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from './runtime';
import {
  toScormAgainSequencing,
  UNNAMED_PRIMARY_OBJECTIVE_ID,
  type Activity,
  type ItemSequencing,
  type ObjectiveMapInfo,
  type RuleCondition,
  type SequencingRule,
} from './sequencing';

// ---------------------------------------------------------------------------------------------
// Hand-written inputs, shaped like the API's JSON

/** An activity's `<imsss:sequencing>` with the XSD defaults, and the given elements replaced. */
function sequencing(elements: Partial<ItemSequencing> = {}): ItemSequencing {
  return {
    controlMode: {
      choice: true,
      choiceExit: true,
      flow: false,
      forwardOnly: false,
      useCurrentAttemptObjectiveInfo: true,
      useCurrentAttemptProgressInfo: true,
    },
    sequencingRules: { preConditionRules: [], exitConditionRules: [], postConditionRules: [] },
    limitConditions: {
      attemptLimit: null,
      attemptAbsoluteDurationLimit: null,
      attemptExperiencedDurationLimit: null,
      activityAbsoluteDurationLimit: null,
      activityExperiencedDurationLimit: null,
      beginTimeLimit: null,
      endTimeLimit: null,
    },
    auxiliaryResources: [],
    rollupRules: {
      rollupObjectiveSatisfied: true,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 1,
      rollupRules: [],
    },
    objectives: { primaryObjective: null, objectives: [] },
    randomizationControls: {
      randomizationTiming: 'never',
      selectCount: null,
      reorderChildren: false,
      selectionTiming: 'never',
    },
    deliveryControls: { tracked: true, completionSetByContent: false, objectiveSetByContent: false },
    constrainedChoiceConsiderations: { preventActivation: false, constrainChoice: false },
    rollupConsiderations: {
      requiredForSatisfied: 'always',
      requiredForNotSatisfied: 'always',
      requiredForCompleted: 'always',
      requiredForIncomplete: 'always',
      measureSatisfactionIfActive: true,
    },
    adlObjectives: [],
    ...elements,
  };
}

function activity(id: string, seq: ItemSequencing | null = null, children: Activity[] = []): Activity {
  return {
    id,
    title: `Title of ${id}`,
    isvisible: true,
    children,
    sequencing: seq,
    presentation: { hideLMSUI: [] },
  };
}

/** A `<imsss:controlMode>` that only lets the learner move forwards with Continue. */
const FORCED_SEQUENTIAL = sequencing({
  controlMode: {
    choice: false,
    choiceExit: true,
    flow: true,
    forwardOnly: false,
    useCurrentAttemptObjectiveInfo: true,
    useCurrentAttemptProgressInfo: true,
  },
});

function condition(name: RuleCondition['condition'], more: Partial<RuleCondition> = {}): RuleCondition {
  return { referencedObjective: null, measureThreshold: 0, operator: 'noOp', condition: name, ...more };
}

function rule<A extends string>(action: A, ...conditions: RuleCondition[]): SequencingRule<A> {
  return { conditionCombination: 'all', ruleConditions: conditions, action };
}

function reads(targetObjectiveID: string): ObjectiveMapInfo {
  return {
    targetObjectiveID,
    readSatisfiedStatus: true,
    readNormalizedMeasure: true,
    writeSatisfiedStatus: false,
    writeNormalizedMeasure: false,
  };
}

function writes(targetObjectiveID: string): ObjectiveMapInfo {
  return {
    targetObjectiveID,
    readSatisfiedStatus: false,
    readNormalizedMeasure: false,
    writeSatisfiedStatus: true,
    writeNormalizedMeasure: true,
  };
}

/** A content item that is skipped once the global objective it reads is satisfied. */
function skippedWhenMastered(id: string, globalObjective: string, rollupObjectiveSatisfied = true): Activity {
  return activity(
    id,
    sequencing({
      objectives: {
        primaryObjective: {
          objectiveID: `${id}_mastered`,
          satisfiedByMeasure: false,
          minNormalizedMeasure: 1,
          mapInfo: [reads(globalObjective)],
        },
        objectives: [],
      },
      sequencingRules: {
        preConditionRules: [rule('skip', condition('satisfied'))],
        exitConditionRules: [],
        postConditionRules: [],
      },
      rollupRules: {
        rollupObjectiveSatisfied,
        rollupProgressCompletion: true,
        objectiveMeasureWeight: 1,
        rollupRules: [],
      },
    }),
  );
}

/** A course: pre-test, the content it can excuse the learner from, post-test. */
function pretestCourse(): Activity {
  const pretest = activity(
    'pretest',
    sequencing({
      objectives: {
        primaryObjective: {
          objectiveID: 'pretest_passed',
          satisfiedByMeasure: false,
          minNormalizedMeasure: 1,
          mapInfo: [writes('course_mastered')],
        },
        objectives: [],
      },
    }),
  );
  return activity('course', FORCED_SEQUENTIAL, [
    pretest,
    skippedWhenMastered('content', 'course_mastered'),
    activity('posttest'),
  ]);
}

/**
 * A module with remediation: the post-test records each objective globally and, when failed, leaves
 * the module, which then starts again; the lessons whose objective was passed are skipped.
 */
function remediationCourse(): Activity {
  const notSatisfied = condition('satisfied', { operator: 'not' });
  const posttest = activity(
    'posttest',
    sequencing({
      objectives: {
        primaryObjective: {
          objectiveID: null,
          satisfiedByMeasure: false,
          minNormalizedMeasure: 1,
          mapInfo: [],
        },
        objectives: [
          {
            objectiveID: 'obj1',
            satisfiedByMeasure: false,
            minNormalizedMeasure: 1,
            mapInfo: [writes('g1')],
          },
          {
            objectiveID: 'obj2',
            satisfiedByMeasure: false,
            minNormalizedMeasure: 1,
            mapInfo: [writes('g2')],
          },
        ],
      },
      sequencingRules: {
        preConditionRules: [],
        exitConditionRules: [],
        postConditionRules: [rule('exitParent', notSatisfied)],
      },
    }),
  );
  const module = activity(
    'module',
    sequencing({
      controlMode: FORCED_SEQUENTIAL.controlMode,
      sequencingRules: {
        preConditionRules: [],
        exitConditionRules: [],
        postConditionRules: [rule('retry', notSatisfied)],
      },
    }),
    // The lessons do not count towards the module's satisfaction: only the post-test does.
    [skippedWhenMastered('lesson1', 'g1', false), skippedWhenMastered('lesson2', 'g2', false), posttest],
  );
  return activity('course', FORCED_SEQUENTIAL, [module]);
}

// ---------------------------------------------------------------------------------------------
// The mapping

describe('toScormAgainSequencing', () => {
  it('a forced-sequential course: the organisation is the root, its control mode is passed as written', () => {
    const tree = toScormAgainSequencing(
      activity('course', FORCED_SEQUENTIAL, [activity('a'), activity('b')]),
    ).activityTree!;

    expect(tree.id).toBe('course');
    expect(tree.title).toBe('Title of course');
    expect(tree.children!.map((c) => c.id)).toEqual(['a', 'b']);
    expect(tree.sequencingControls).toEqual({
      choice: false,
      choiceExit: true,
      flow: true,
      forwardOnly: false,
      useCurrentAttemptObjectiveInfo: true,
      useCurrentAttemptProgressInfo: true,
      preventActivation: false,
      constrainChoice: false,
      rollupObjectiveSatisfied: true,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 1,
      selectionTiming: 'never',
      selectCount: null,
      randomizationTiming: 'never',
      randomizeChildren: false,
    });
    // An item without <imsss:sequencing> gets the SN defaults, not scorm-again's (whose flow is true).
    expect(tree.children![0]!.sequencingControls).toMatchObject({
      choice: true,
      flow: false,
      forwardOnly: false,
    });
  });

  it('a pre-test: the content it covers has a "satisfied → skip" pre-condition on an objective read globally', () => {
    const [pretest, content] = toScormAgainSequencing(pretestCourse()).activityTree!.children!;

    expect(content!.sequencingRules).toEqual({
      preConditionRules: [
        { action: 'skip', conditionCombination: 'all', conditions: [{ condition: 'satisfied' }] },
      ],
      exitConditionRules: [],
      postConditionRules: [],
    });
    expect(pretest!.primaryObjective).toMatchObject({
      objectiveID: 'pretest_passed',
      mapInfo: [
        { targetObjectiveID: 'course_mastered', writeSatisfiedStatus: true, readSatisfiedStatus: false },
      ],
    });
    expect(content!.primaryObjective).toMatchObject({
      objectiveID: 'content_mastered',
      mapInfo: [
        { targetObjectiveID: 'course_mastered', readSatisfiedStatus: true, writeSatisfiedStatus: false },
      ],
    });
  });

  it('a post-test: "not satisfied → retry" and the remediation rules, with operators, measures and limits', () => {
    const input = remediationCourse();
    const posttest = input.children[0]!.children[2]!;
    posttest.sequencing!.sequencingRules.exitConditionRules = [
      {
        conditionCombination: 'any',
        ruleConditions: [
          condition('objectiveMeasureGreaterThan', { referencedObjective: 'obj1', measureThreshold: 0.6 }),
          condition('attemptLimitExceeded', { operator: 'not', measureThreshold: 0.3 }),
        ],
        action: 'exit',
      },
    ];
    posttest.sequencing!.limitConditions = {
      attemptLimit: 3,
      attemptAbsoluteDurationLimit: 'PT1H',
      attemptExperiencedDurationLimit: 'PT50M',
      activityAbsoluteDurationLimit: 'PT2H',
      activityExperiencedDurationLimit: 'PT90M',
      beginTimeLimit: '2025-01-01T00:00:00Z',
      endTimeLimit: '2025-12-31T23:59:59Z',
    };

    const module = toScormAgainSequencing(input).activityTree!.children![0]!;
    const out = module.children![2]!;

    expect(module.sequencingRules!.postConditionRules).toEqual([
      {
        action: 'retry',
        conditionCombination: 'all',
        conditions: [{ condition: 'satisfied', operator: 'not' }],
      },
    ]);
    expect(out.sequencingRules!.postConditionRules).toEqual([
      {
        action: 'exitParent',
        conditionCombination: 'all',
        conditions: [{ condition: 'satisfied', operator: 'not' }],
      },
    ]);
    expect(out.sequencingRules!.exitConditionRules).toEqual([
      {
        action: 'exit',
        conditionCombination: 'any',
        conditions: [
          {
            condition: 'objectiveMeasureGreaterThan',
            referencedObjective: 'obj1',
            parameters: { threshold: 0.6 },
          },
          // The threshold only means something to the two measure comparisons.
          { condition: 'attemptLimitExceeded', operator: 'not' },
        ],
      },
    ]);
    expect(out).toMatchObject({
      attemptLimit: 3,
      attemptAbsoluteDurationLimit: 'PT1H',
      activityAbsoluteDurationLimit: 'PT2H',
      beginTimeLimit: '2025-01-01T00:00:00Z',
      endTimeLimit: '2025-12-31T23:59:59Z',
    });
    // scorm-again has no experienced-duration limits.
    expect(JSON.stringify(out)).not.toContain('PT50M');
    expect(JSON.stringify(out)).not.toContain('PT90M');
    // The lessons' pre-condition remediates only what the post-test found not mastered.
    expect(module.children![0]!.sequencingRules!.preConditionRules).toEqual([
      { action: 'skip', conditionCombination: 'all', conditions: [{ condition: 'satisfied' }] },
    ]);
  });

  it('rollup rules, rollup controls and rollup considerations', () => {
    const cluster = activity(
      'module',
      sequencing({
        rollupRules: {
          rollupObjectiveSatisfied: false,
          rollupProgressCompletion: true,
          objectiveMeasureWeight: 0.5,
          rollupRules: [
            {
              childActivitySet: 'atLeastPercent',
              minimumCount: 0,
              minimumPercent: 0.75,
              conditionCombination: 'any',
              rollupConditions: [{ operator: 'noOp', condition: 'satisfied' }],
              action: 'satisfied',
            },
            {
              childActivitySet: 'atLeastCount',
              minimumCount: 2,
              minimumPercent: 0,
              conditionCombination: 'all',
              rollupConditions: [
                { operator: 'not', condition: 'activityProgressKnown' },
                { operator: 'noOp', condition: 'timeLimitExceeded' },
                { operator: 'not', condition: 'outsideAvailableTimeRange' },
              ],
              action: 'incomplete',
            },
            {
              childActivitySet: 'none',
              minimumCount: 0,
              minimumPercent: 0,
              conditionCombination: 'any',
              rollupConditions: [{ operator: 'noOp', condition: 'attempted' }],
              action: 'notSatisfied',
            },
          ],
        },
        rollupConsiderations: {
          requiredForSatisfied: 'ifAttempted',
          requiredForNotSatisfied: 'ifNotSkipped',
          requiredForCompleted: 'ifNotSuspended',
          requiredForIncomplete: 'always',
          measureSatisfactionIfActive: false,
        },
      }),
      [activity('a')],
    );

    const out = toScormAgainSequencing(activity('course', null, [cluster])).activityTree!.children![0]!;

    expect(out.rollupRules).toEqual({
      rules: [
        {
          action: 'satisfied',
          consideration: 'atLeastPercent',
          minimumCount: 0,
          minimumPercent: 75,
          conditionCombination: 'any',
          conditions: [{ condition: 'satisfied', operator: 'noOp' }],
        },
        {
          action: 'incomplete',
          consideration: 'atLeastCount',
          minimumCount: 2,
          minimumPercent: 0,
          conditionCombination: 'all',
          conditions: [
            { condition: 'progressKnown', operator: 'not' },
            // Time conditions scorm-again cannot test in rollup read as false.
            { condition: 'always', operator: 'not' },
            { condition: 'always', operator: 'noOp' },
          ],
        },
        {
          action: 'notSatisfied',
          consideration: 'none',
          minimumCount: 0,
          minimumPercent: 0,
          conditionCombination: 'any',
          conditions: [{ condition: 'attempted', operator: 'noOp' }],
        },
      ],
    });
    expect(out.sequencingControls).toMatchObject({
      rollupObjectiveSatisfied: false,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 0.5,
    });
    expect(out.rollupConsiderations).toEqual({
      requiredForSatisfied: 'ifAttempted',
      requiredForNotSatisfied: 'ifNotSkipped',
      requiredForCompleted: 'ifNotSuspended',
      requiredForIncomplete: 'always',
      measureSatisfactionIfActive: false,
    });
    // No rules: scorm-again applies the SN book's default rollup.
    expect(out.children![0]!.rollupRules).toEqual({ rules: [] });
  });

  it('objectives: primary and local, satisfiedByMeasure, minNormalizedMeasure, global maps with the ADL flags', () => {
    const item = activity(
      'quiz',
      sequencing({
        objectives: {
          primaryObjective: {
            objectiveID: 'quiz_passed',
            satisfiedByMeasure: true,
            minNormalizedMeasure: 0.8,
            mapInfo: [writes('course_score')],
          },
          objectives: [
            {
              objectiveID: 'topic1',
              satisfiedByMeasure: false,
              minNormalizedMeasure: 1,
              mapInfo: [reads('g_topic1')],
            },
          ],
        },
        adlObjectives: [
          {
            objectiveID: 'quiz_passed',
            mapInfo: [
              {
                targetObjectiveID: 'course_score',
                readRawScore: true,
                readMinScore: true,
                readMaxScore: true,
                readCompletionStatus: true,
                readProgressMeasure: true,
                writeRawScore: true,
                writeMinScore: false,
                writeMaxScore: false,
                writeCompletionStatus: true,
                writeProgressMeasure: false,
              },
              {
                targetObjectiveID: 'course_completion',
                readRawScore: false,
                readMinScore: false,
                readMaxScore: false,
                readCompletionStatus: true,
                readProgressMeasure: false,
                writeRawScore: false,
                writeMinScore: false,
                writeMaxScore: false,
                writeCompletionStatus: false,
                writeProgressMeasure: false,
              },
            ],
          },
          { objectiveID: 'no_such_objective', mapInfo: [] },
        ],
      }),
    );

    const out = toScormAgainSequencing(activity('course', null, [item])).activityTree!.children![0]!;

    expect(out.primaryObjective).toEqual({
      objectiveID: 'quiz_passed',
      satisfiedByMeasure: true,
      minNormalizedMeasure: 0.8,
      mapInfo: [
        {
          targetObjectiveID: 'course_score',
          readSatisfiedStatus: false,
          readNormalizedMeasure: false,
          writeSatisfiedStatus: true,
          writeNormalizedMeasure: true,
          readRawScore: true,
          readMinScore: true,
          readMaxScore: true,
          readCompletionStatus: true,
          readProgressMeasure: true,
          writeRawScore: true,
          writeMinScore: false,
          writeMaxScore: false,
          writeCompletionStatus: true,
          writeProgressMeasure: false,
        },
        {
          // Only an adlseq:mapInfo: the imsss flags are off rather than scorm-again's read defaults.
          targetObjectiveID: 'course_completion',
          readSatisfiedStatus: false,
          readNormalizedMeasure: false,
          writeSatisfiedStatus: false,
          writeNormalizedMeasure: false,
          readRawScore: false,
          readMinScore: false,
          readMaxScore: false,
          readCompletionStatus: true,
          readProgressMeasure: false,
          writeRawScore: false,
          writeMinScore: false,
          writeMaxScore: false,
          writeCompletionStatus: false,
          writeProgressMeasure: false,
        },
      ],
    });
    expect(out.objectives).toEqual([
      {
        objectiveID: 'topic1',
        satisfiedByMeasure: false,
        minNormalizedMeasure: 1,
        mapInfo: [
          {
            // Only an imsss:mapInfo: no score or completion is read from or written to the global objective.
            ...reads('g_topic1'),
            readRawScore: false,
            readMinScore: false,
            readMaxScore: false,
            readCompletionStatus: false,
            readProgressMeasure: false,
            writeRawScore: false,
            writeMinScore: false,
            writeMaxScore: false,
            writeCompletionStatus: false,
            writeProgressMeasure: false,
          },
        ],
      },
    ]);
    expect(JSON.stringify(out)).not.toContain('no_such_objective');
  });

  it('a primary objective without an ID gets a blank one; none at all stays absent', () => {
    const posttest = remediationCourse().children[0]!.children[2]!;
    const out = toScormAgainSequencing(activity('course', null, [posttest, activity('plain')])).activityTree!;

    expect(out.children![0]!.primaryObjective).toMatchObject({ objectiveID: UNNAMED_PRIMARY_OBJECTIVE_ID });
    expect(UNNAMED_PRIMARY_OBJECTIVE_ID.trim()).toBe('');
    expect(out.children![0]!.objectives!.map((o) => o.objectiveID)).toEqual(['obj1', 'obj2']);
    expect(out.children![1]!.primaryObjective).toBeUndefined();
    expect(out.children![1]!.objectives).toEqual([]);
  });

  it('randomisation, delivery controls, constrained choice, auxiliary resources, hideLMSUI and isvisible', () => {
    const item: Activity = {
      ...activity(
        'item',
        sequencing({
          controlMode: {
            choice: true,
            choiceExit: false,
            flow: true,
            forwardOnly: true,
            useCurrentAttemptObjectiveInfo: false,
            useCurrentAttemptProgressInfo: false,
          },
          randomizationControls: {
            randomizationTiming: 'onEachNewAttempt',
            selectCount: 2,
            reorderChildren: true,
            selectionTiming: 'once',
          },
          deliveryControls: { tracked: false, completionSetByContent: true, objectiveSetByContent: true },
          constrainedChoiceConsiderations: { preventActivation: true, constrainChoice: true },
          auxiliaryResources: [{ auxiliaryResourceID: 'glossary', purpose: 'help' }],
        }),
      ),
      isvisible: false,
      presentation: { hideLMSUI: ['continue', 'previous', 'suspendAll'] },
    };

    const out = toScormAgainSequencing(activity('course', null, [item])).activityTree!.children![0]!;

    expect(out.sequencingControls).toMatchObject({
      choiceExit: false,
      flow: true,
      forwardOnly: true,
      useCurrentAttemptObjectiveInfo: false,
      useCurrentAttemptProgressInfo: false,
      preventActivation: true,
      constrainChoice: true,
      selectionTiming: 'once',
      selectCount: 2,
      randomizationTiming: 'onEachNewAttempt',
      randomizeChildren: true,
    });
    // scorm-again's own reorderChildren records that a once-only shuffle happened: it is left to the engine.
    expect(out.sequencingControls).not.toHaveProperty('reorderChildren');
    expect(out.deliveryControls).toEqual({
      tracked: false,
      completionSetByContent: true,
      objectiveSetByContent: true,
    });
    expect(out.auxiliaryResources).toEqual([{ resourceId: 'glossary', purpose: 'help' }]);
    expect(out.hideLmsUi).toEqual(['continue', 'previous', 'suspendAll']);
    expect(out.isVisible).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// scorm-again's sequencing engine running the result

/** A `Scorm2004API` built as the player builds it, with nowhere to send commits. */
async function engine(org: Activity) {
  const api = (await createApi('2004', {
    sequencing: toScormAgainSequencing(org),
    autocommit: false,
    lmsCommitUrl: false,
    logLevel: 'NONE',
  })) as Scorm2004API;
  const service = api.getSequencingService()!;
  const current = (): string | undefined => service.getSequencingState().currentActivity?.id;
  const find = (id: string) => {
    const pending = [service.getSequencingState().rootActivity!];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (next.id === id) return next;
      pending.push(...next.children);
    }
    throw new Error(`No activity ${id}`);
  };
  /** One SCO session on the delivered activity: Initialize, (look,) report, ask for `nav`, Terminate. */
  const session = (report: Record<string, string>, nav: string, look?: () => void): void => {
    api.reset();
    expect(api.Initialize('')).toBe('true');
    look?.();
    for (const [element, value] of Object.entries(report)) expect(api.SetValue(element, value)).toBe('true');
    expect(api.SetValue('adl.nav.request', nav)).toBe('true');
    expect(api.Terminate('')).toBe('true');
  };
  return { api, service, current, find, session };
}

const PASSED = { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' };
const FAILED = { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed' };

describe('scorm-again sequencing a converted course', () => {
  const fetch = vi.fn();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetch);
    // scorm-again announces each delivery on the console.
    vi.spyOn(console, 'debug').mockImplementation(() => {});
  });

  afterEach(() => {
    expect(fetch).not.toHaveBeenCalled();
  });

  it('forced-sequential: choosing the third activity from the first is refused, continue goes to the second', async () => {
    const { api, service, current, session } = await engine(
      activity('course', FORCED_SEQUENTIAL, [activity('a'), activity('b'), activity('c')]),
    );

    expect(service.processNavigationRequest('start')).toBe(true);
    expect(current()).toBe('a');

    expect(service.processNavigationRequest('choice', 'c')).toBe(false);
    expect(current()).toBe('a');

    session({ 'cmi.completion_status': 'completed' }, 'continue', () => {
      // What the SCO is told about its own navigation requests.
      expect(api.GetValue('adl.nav.request_valid.choice.{target=c}')).toBe('false');
      expect(api.GetValue('adl.nav.request_valid.continue')).toBe('true');
    });
    expect(current()).toBe('b');
  });

  it('the same course with choice allowed: the choice is taken (so the refusal above is the control mode)', async () => {
    const free = sequencing({ controlMode: { ...FORCED_SEQUENTIAL.controlMode, choice: true } });
    const { service, current } = await engine(
      activity('course', free, [activity('a'), activity('b'), activity('c')]),
    );

    service.processNavigationRequest('start');
    expect(service.processNavigationRequest('choice', 'c')).toBe(true);
    expect(current()).toBe('c');
  });

  it('a passed pre-test makes continue skip the content it covers', async () => {
    const { service, current, session, find } = await engine(pretestCourse());

    service.processNavigationRequest('start');
    expect(current()).toBe('pretest');
    session(PASSED, 'continue');

    expect(current()).toBe('posttest');
    expect(find('content').wasSkipped).toBe(true);
  });

  it('a failed pre-test leaves the content to be taken', async () => {
    const { service, current, session } = await engine(pretestCourse());

    service.processNavigationRequest('start');
    session(FAILED, 'continue');

    expect(current()).toBe('content');
  });

  it('two satisfied, completed children roll up to a satisfied, completed parent and course', async () => {
    const course = activity('course', FORCED_SEQUENTIAL, [
      activity('module', FORCED_SEQUENTIAL, [activity('a'), activity('b')]),
    ]);
    const { service, current, session, find } = await engine(course);

    service.processNavigationRequest('start');
    session(PASSED, 'continue');
    expect(current()).toBe('b');
    expect(find('module').completionStatus).toBe('unknown');
    session(PASSED, 'continue');

    for (const id of ['module', 'course']) {
      const rolledUp = find(id);
      expect(rolledUp.successStatus).toBe('passed');
      expect(rolledUp.objectiveSatisfiedStatus).toBe(true);
      expect(rolledUp.objectiveSatisfiedStatusKnown).toBe(true);
      expect(rolledUp.completionStatus).toBe('completed');
    }
  });

  it('a failed child rolls up to a parent that is not satisfied', async () => {
    const course = activity('course', FORCED_SEQUENTIAL, [
      activity('module', FORCED_SEQUENTIAL, [activity('a'), activity('b')]),
    ]);
    const { service, session, find } = await engine(course);

    service.processNavigationRequest('start');
    session(PASSED, 'continue');
    session(FAILED, 'continue');

    expect(find('module').successStatus).toBe('failed');
    expect(find('module').completionStatus).toBe('completed');
  });

  it('an atLeastPercent rollup rule counts its fraction of the children', async () => {
    const moduleWith = (minimumPercent: number) =>
      activity('course', FORCED_SEQUENTIAL, [
        activity(
          'module',
          sequencing({
            controlMode: FORCED_SEQUENTIAL.controlMode,
            rollupRules: {
              rollupObjectiveSatisfied: true,
              rollupProgressCompletion: true,
              objectiveMeasureWeight: 1,
              rollupRules: [
                {
                  childActivitySet: 'atLeastPercent',
                  minimumCount: 0,
                  minimumPercent,
                  conditionCombination: 'any',
                  rollupConditions: [{ operator: 'noOp', condition: 'satisfied' }],
                  action: 'satisfied',
                },
              ],
            },
          }),
          [activity('a'), activity('b')],
        ),
      ]);
    const statusWith = async (minimumPercent: number) => {
      const { service, session, find } = await engine(moduleWith(minimumPercent));
      service.processNavigationRequest('start');
      session(PASSED, 'continue');
      session(FAILED, 'continue');
      return find('module').successStatus;
    };

    // One of two children is 50%: enough for 0.5; for 0.6 the rule fails and the default rollup applies.
    expect(await statusWith(0.5)).toBe('passed');
    expect(await statusWith(0.6)).toBe('failed');
  });

  it('remediation: a failed post-test restarts the module and skips the lessons already mastered', async () => {
    const { api, service, current, session } = await engine(remediationCourse());

    service.processNavigationRequest('start');
    session({ 'cmi.completion_status': 'completed' }, 'continue');
    session({ 'cmi.completion_status': 'completed' }, 'continue');
    expect(current()).toBe('posttest');

    session(
      {
        ...FAILED,
        'cmi.objectives.0.id': 'obj1',
        'cmi.objectives.0.success_status': 'passed',
        'cmi.objectives.1.id': 'obj2',
        'cmi.objectives.1.success_status': 'failed',
      },
      'continue',
      () => {
        // The post-test's local objectives are offered to it; its ID-less primary objective is not.
        expect(api.GetValue('cmi.objectives._count')).toBe('2');
        expect([api.GetValue('cmi.objectives.0.id'), api.GetValue('cmi.objectives.1.id')]).toEqual([
          'obj1',
          'obj2',
        ]);
      },
    );
    expect(current()).toBe('lesson2');
  });
});
