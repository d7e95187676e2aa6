import type { Settings } from 'scorm-again';

/**
 * Turns the sequencing the API parsed from a SCORM 2004 manifest into the `sequencing` settings of
 * scorm-again's `Scorm2004API`, whose sequencing engine then runs the course in the browser.
 *
 * The input is the API's JSON for one organisation. Its values already carry the XSD defaults and the
 * shared `<imsss:sequencingCollection>` entries are already laid over each item, so nothing here looks
 * anything up or guesses a default; scorm-again's own defaults are never relied on either (they differ
 * from the SN book's in places, for example `flow`), so every control is written out.
 *
 * What scorm-again has no place for, and is therefore not passed on:
 * - `adlseq:objectivesGlobalToSystem` and `adlcp:sharedDataGlobalToSystem`: scorm-again keeps global
 *   objectives for the life of the `Scorm2004API` instance; sharing them across courses is up to whoever
 *   stores and restores them.
 * - `attemptExperiencedDurationLimit` and `activityExperiencedDurationLimit`: its activities only have the
 *   absolute duration limits.
 * - The rollup conditions `timeLimitExceeded` and `outsideAvailableTimeRange`: its rollup conditions
 *   (`RollupCondition.evaluate`) cannot test them, so they are passed as a condition that is never met
 *   (see {@link rollupCondition}).
 * - An `adlseq:objective` whose ID names no `imsss` objective of the same activity: scorm-again only knows
 *   the extended map flags as part of an objective's map.
 * - `idRef`: the collection entry is already merged in, so scorm-again's own collections are not used.
 */

// ---------------------------------------------------------------------------------------------
// Input: a structural copy of the parts of the API's JSON read here. It mirrors the types of
// api/src/modules/scorm/import/sequencing.ts (SequencingOrganization, Activity, ItemSequencing, …);
// keep the two in step.

export type ConditionCombination = 'all' | 'any';
export type ConditionOperator = 'not' | 'noOp';
/** `imsss:ruleCondition@condition`. */
export type SequencingRuleConditionName =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'objectiveMeasureGreaterThan'
  | 'objectiveMeasureLessThan'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'timeLimitExceeded'
  | 'outsideAvailableTimeRange'
  | 'always';
/** `imsss:rollupCondition@condition`. */
export type RollupRuleConditionName =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'timeLimitExceeded'
  | 'outsideAvailableTimeRange';
export type PreConditionRuleAction = 'skip' | 'disabled' | 'hiddenFromChoice' | 'stopForwardTraversal';
export type ExitConditionRuleAction = 'exit';
export type PostConditionRuleAction =
  'exitParent' | 'exitAll' | 'retry' | 'retryAll' | 'continue' | 'previous';
export type RollupAction = 'satisfied' | 'notSatisfied' | 'completed' | 'incomplete';
export type ChildActivitySet = 'all' | 'any' | 'none' | 'atLeastCount' | 'atLeastPercent';
export type RandomizationTiming = 'never' | 'once' | 'onEachNewAttempt';
export type RollupConsideration = 'always' | 'ifAttempted' | 'ifNotSkipped' | 'ifNotSuspended';
export type HideLmsUiControl =
  'abandon' | 'continue' | 'exit' | 'previous' | 'suspendAll' | 'exitAll' | 'abandonAll';

/** `imsss:controlMode`. */
export interface ControlMode {
  choice: boolean;
  choiceExit: boolean;
  flow: boolean;
  forwardOnly: boolean;
  useCurrentAttemptObjectiveInfo: boolean;
  useCurrentAttemptProgressInfo: boolean;
}

/** One `imsss:ruleCondition`. */
export interface RuleCondition {
  /** An objective ID of the same activity; null means its primary objective. */
  referencedObjective: string | null;
  /** −1 to 1; used by `objectiveMeasureGreaterThan` / `objectiveMeasureLessThan`. */
  measureThreshold: number;
  operator: ConditionOperator;
  condition: SequencingRuleConditionName;
}

/** One pre-condition, exit-condition or post-condition rule. */
export interface SequencingRule<A extends string> {
  conditionCombination: ConditionCombination;
  ruleConditions: RuleCondition[];
  action: A;
}

/** `imsss:sequencingRules`. */
export interface SequencingRules {
  preConditionRules: SequencingRule<PreConditionRuleAction>[];
  exitConditionRules: SequencingRule<ExitConditionRuleAction>[];
  postConditionRules: SequencingRule<PostConditionRuleAction>[];
}

/** `imsss:limitConditions`, null where absent. */
export interface LimitConditions {
  attemptLimit: number | null;
  attemptAbsoluteDurationLimit: string | null;
  attemptExperiencedDurationLimit: string | null;
  activityAbsoluteDurationLimit: string | null;
  activityExperiencedDurationLimit: string | null;
  beginTimeLimit: string | null;
  endTimeLimit: string | null;
}

/** One `imsss:auxiliaryResource`. */
export interface AuxiliaryResource {
  auxiliaryResourceID: string;
  purpose: string;
}

/** One `imsss:rollupCondition`. */
export interface RollupCondition {
  operator: ConditionOperator;
  condition: RollupRuleConditionName;
}

/** One `imsss:rollupRule`. */
export interface RollupRule {
  childActivitySet: ChildActivitySet;
  minimumCount: number;
  /** 0 to 1. */
  minimumPercent: number;
  conditionCombination: ConditionCombination;
  rollupConditions: RollupCondition[];
  action: RollupAction;
}

/** `imsss:rollupRules`. */
export interface RollupRules {
  rollupObjectiveSatisfied: boolean;
  rollupProgressCompletion: boolean;
  objectiveMeasureWeight: number;
  /** Empty means the SN book's default rollup. */
  rollupRules: RollupRule[];
}

/** One `imsss:mapInfo`. */
export interface ObjectiveMapInfo {
  targetObjectiveID: string;
  readSatisfiedStatus: boolean;
  readNormalizedMeasure: boolean;
  writeSatisfiedStatus: boolean;
  writeNormalizedMeasure: boolean;
}

/** An `imsss:objective`. */
export interface Objective {
  objectiveID: string;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure: number;
  mapInfo: ObjectiveMapInfo[];
}

/** The `imsss:primaryObjective`, whose `objectiveID` is optional. */
export interface PrimaryObjective extends Omit<Objective, 'objectiveID'> {
  objectiveID: string | null;
}

/** `imsss:objectives`. */
export interface Objectives {
  primaryObjective: PrimaryObjective | null;
  objectives: Objective[];
}

/** `imsss:randomizationControls`. */
export interface RandomizationControls {
  randomizationTiming: RandomizationTiming;
  /** Null selects every child. */
  selectCount: number | null;
  reorderChildren: boolean;
  selectionTiming: RandomizationTiming;
}

/** `imsss:deliveryControls`. */
export interface DeliveryControls {
  tracked: boolean;
  completionSetByContent: boolean;
  objectiveSetByContent: boolean;
}

/** `adlseq:constrainedChoiceConsiderations`. */
export interface ConstrainedChoiceConsiderations {
  preventActivation: boolean;
  constrainChoice: boolean;
}

/** `adlseq:rollupConsiderations`. */
export interface RollupConsiderations {
  requiredForSatisfied: RollupConsideration;
  requiredForNotSatisfied: RollupConsideration;
  requiredForCompleted: RollupConsideration;
  requiredForIncomplete: RollupConsideration;
  measureSatisfactionIfActive: boolean;
}

/** One `adlseq:mapInfo`: the score and completion parts of a global objective. */
export interface AdlObjectiveMapInfo {
  targetObjectiveID: string;
  readRawScore: boolean;
  readMinScore: boolean;
  readMaxScore: boolean;
  readCompletionStatus: boolean;
  readProgressMeasure: boolean;
  writeRawScore: boolean;
  writeMinScore: boolean;
  writeMaxScore: boolean;
  writeCompletionStatus: boolean;
  writeProgressMeasure: boolean;
}

/** One `adlseq:objective`, extending the `imsss` objective with the same ID. */
export interface AdlObjective {
  objectiveID: string;
  mapInfo: AdlObjectiveMapInfo[];
}

/** The effective sequencing of one activity, defaults filled in. */
export interface ItemSequencing {
  controlMode: ControlMode;
  sequencingRules: SequencingRules;
  limitConditions: LimitConditions;
  auxiliaryResources: AuxiliaryResource[];
  rollupRules: RollupRules;
  objectives: Objectives;
  randomizationControls: RandomizationControls;
  deliveryControls: DeliveryControls;
  constrainedChoiceConsiderations: ConstrainedChoiceConsiderations;
  rollupConsiderations: RollupConsiderations;
  adlObjectives: AdlObjective[];
}

/** An `<item>` as an activity of the activity tree. */
export interface Activity {
  id: string;
  title: string;
  isvisible: boolean;
  children: Activity[];
  /** Null when the item has no `<imsss:sequencing>`: every SN default applies. */
  sequencing: ItemSequencing | null;
  presentation: { hideLMSUI: HideLmsUiControl[] };
}

/** An `<organization>`: the root activity of its tree. */
export type SequencingOrganization = Activity;

// ---------------------------------------------------------------------------------------------
// Output: scorm-again's settings types. The package exposes them only through `Settings`, so they
// are reached from there.

/** scorm-again's `SequencingSettings`. */
export type ScormAgainSequencing = NonNullable<Settings['sequencing']>;
type ActivitySettings = NonNullable<ScormAgainSequencing['activityTree']>;
type ObjectiveSettings = NonNullable<ActivitySettings['primaryObjective']>;
type ObjectiveMapInfoSettings = NonNullable<ObjectiveSettings['mapInfo']>[number];
type SequencingRulesSettings = NonNullable<ActivitySettings['sequencingRules']>;
type SequencingRuleSettings = NonNullable<SequencingRulesSettings['preConditionRules']>[number];
type RuleConditionSettings = SequencingRuleSettings['conditions'][number];
type SequencingControlsSettings = NonNullable<ActivitySettings['sequencingControls']>;
type RollupRuleSettings = NonNullable<ActivitySettings['rollupRules']>['rules'][number];
type RollupConditionSettings = RollupRuleSettings['conditions'][number];

/**
 * The spellings of one of scorm-again's vocabularies. scorm-again declares them as TypeScript enums but
 * does not export the enum objects; their members are plain strings, which this type spells out so that
 * the tables below are checked against them.
 */
type Spelling<E extends string> = `${E}`;

type RuleConditionType = RuleConditionSettings['condition'];
type RuleActionType = SequencingRuleSettings['action'];
type RuleConditionOperator = NonNullable<RuleConditionSettings['operator']>;
type RollupConditionType = RollupConditionSettings['condition'];
type RollupConditionOperator = NonNullable<RollupConditionSettings['operator']>;
type RollupActionType = RollupRuleSettings['action'];
type RollupConsiderationType = NonNullable<RollupRuleSettings['consideration']>;
type RollupConditionCombination = NonNullable<RollupRuleSettings['conditionCombination']>;
type SelectionTimingType = NonNullable<SequencingControlsSettings['selectionTiming']>;
type RandomizationTimingType = NonNullable<SequencingControlsSettings['randomizationTiming']>;

// ---------------------------------------------------------------------------------------------
// Vocabularies: XSD spelling → scorm-again spelling.

const RULE_CONDITIONS: Record<SequencingRuleConditionName, Spelling<RuleConditionType>> = {
  satisfied: 'satisfied',
  objectiveStatusKnown: 'objectiveStatusKnown',
  objectiveMeasureKnown: 'objectiveMeasureKnown',
  objectiveMeasureGreaterThan: 'objectiveMeasureGreaterThan',
  objectiveMeasureLessThan: 'objectiveMeasureLessThan',
  completed: 'completed',
  activityProgressKnown: 'activityProgressKnown',
  attempted: 'attempted',
  attemptLimitExceeded: 'attemptLimitExceeded',
  timeLimitExceeded: 'timeLimitExceeded',
  outsideAvailableTimeRange: 'outsideAvailableTimeRange',
  always: 'always',
};

const RULE_ACTIONS: Record<
  PreConditionRuleAction | ExitConditionRuleAction | PostConditionRuleAction,
  Spelling<RuleActionType>
> = {
  skip: 'skip',
  disabled: 'disabled',
  hiddenFromChoice: 'hiddenFromChoice',
  stopForwardTraversal: 'stopForwardTraversal',
  exit: 'exit',
  exitParent: 'exitParent',
  exitAll: 'exitAll',
  retry: 'retry',
  retryAll: 'retryAll',
  continue: 'continue',
  previous: 'previous',
};

/**
 * Rollup conditions scorm-again can test. `activityProgressKnown` is its `progressKnown`; the two
 * time-based conditions are missing from `RollupConditionType`.
 */
const ROLLUP_CONDITIONS: Record<RollupRuleConditionName, Spelling<RollupConditionType> | null> = {
  satisfied: 'satisfied',
  objectiveStatusKnown: 'objectiveStatusKnown',
  objectiveMeasureKnown: 'objectiveMeasureKnown',
  completed: 'completed',
  activityProgressKnown: 'progressKnown',
  attempted: 'attempted',
  attemptLimitExceeded: 'attemptLimitExceeded',
  timeLimitExceeded: null,
  outsideAvailableTimeRange: null,
};

const ROLLUP_ACTIONS: Record<RollupAction, Spelling<RollupActionType>> = {
  satisfied: 'satisfied',
  notSatisfied: 'notSatisfied',
  completed: 'completed',
  incomplete: 'incomplete',
};

/** `childActivitySet` is what scorm-again calls a rollup rule's `consideration`. */
const CHILD_ACTIVITY_SETS: Record<ChildActivitySet, Spelling<RollupConsiderationType>> = {
  all: 'all',
  any: 'any',
  none: 'none',
  atLeastCount: 'atLeastCount',
  atLeastPercent: 'atLeastPercent',
};

const COMBINATIONS: Record<ConditionCombination, Spelling<RollupConditionCombination>> = {
  all: 'all',
  any: 'any',
};

const TIMINGS: Record<
  RandomizationTiming,
  Spelling<SelectionTimingType> & Spelling<RandomizationTimingType>
> = {
  never: 'never',
  once: 'once',
  onEachNewAttempt: 'onEachNewAttempt',
};

const NOT_RULE: Spelling<RuleConditionOperator> = 'not';
const NOT_ROLLUP: Spelling<RollupConditionOperator> = 'not';
const NO_OP_ROLLUP: Spelling<RollupConditionOperator> = 'noOp';
const ALWAYS_ROLLUP: Spelling<RollupConditionType> = 'always';

/**
 * The ID given to a primary objective that the manifest names no ID for. scorm-again only creates an
 * objective that has an ID (`ActivityTreeBuilder.createActivity`), and the primary objective carries
 * satisfiedByMeasure, minNormalizedMeasure and mapInfo. A blank ID is the one it then leaves out of
 * `cmi.objectives` (`Scorm2004API.getSeedableObjectiveId`), as RTE 4.2.17 requires for an objective
 * without an ID; a manifest's own objective ID can never be blank.
 */
export const UNNAMED_PRIMARY_OBJECTIVE_ID = ' ';

// ---------------------------------------------------------------------------------------------
// Mapping

function ruleCondition(c: RuleCondition): RuleConditionSettings {
  const out: RuleConditionSettings = { condition: RULE_CONDITIONS[c.condition] as RuleConditionType };
  // scorm-again's "no operator" is an absent one (null), not `noOp`.
  if (c.operator === 'not') out.operator = NOT_RULE as RuleConditionOperator;
  if (c.referencedObjective !== null) out.referencedObjective = c.referencedObjective;
  // The threshold is read from the `threshold` parameter by the two measure comparisons only.
  if (c.condition === 'objectiveMeasureGreaterThan' || c.condition === 'objectiveMeasureLessThan') {
    out.parameters = { threshold: c.measureThreshold };
  }
  return out;
}

function sequencingRule(
  rule: SequencingRule<PreConditionRuleAction | ExitConditionRuleAction | PostConditionRuleAction>,
): SequencingRuleSettings {
  return {
    action: RULE_ACTIONS[rule.action] as RuleActionType,
    conditionCombination: rule.conditionCombination,
    conditions: rule.ruleConditions.map(ruleCondition),
  };
}

/**
 * A rollup condition. One scorm-again cannot test is passed as "always, negated", which is never met, so
 * a `not timeLimitExceeded` becomes "always": both read the untested condition as false, which is also
 * what scorm-again does with a condition it does not know.
 */
function rollupCondition(c: RollupCondition): RollupConditionSettings {
  const condition = ROLLUP_CONDITIONS[c.condition];
  if (condition === null) {
    const operator = c.operator === 'not' ? NO_OP_ROLLUP : NOT_ROLLUP;
    return { condition: ALWAYS_ROLLUP as RollupConditionType, operator: operator as RollupConditionOperator };
  }
  const operator = c.operator === 'not' ? NOT_ROLLUP : NO_OP_ROLLUP;
  return { condition: condition as RollupConditionType, operator: operator as RollupConditionOperator };
}

function rollupRule(rule: RollupRule): RollupRuleSettings {
  return {
    action: ROLLUP_ACTIONS[rule.action] as RollupActionType,
    consideration: CHILD_ACTIVITY_SETS[rule.childActivitySet] as RollupConsiderationType,
    minimumCount: rule.minimumCount,
    // scorm-again compares the percentage of children (0–100), the XSD gives a fraction (0–1).
    minimumPercent: rule.minimumPercent * 100,
    conditionCombination: COMBINATIONS[rule.conditionCombination] as RollupConditionCombination,
    conditions: rule.rollupConditions.map(rollupCondition),
  };
}

function sequencingControls(s: ItemSequencing): SequencingControlsSettings {
  const { controlMode: mode, rollupRules: rollup, randomizationControls: random } = s;
  const constrained = s.constrainedChoiceConsiderations;
  return {
    choice: mode.choice,
    choiceExit: mode.choiceExit,
    flow: mode.flow,
    forwardOnly: mode.forwardOnly,
    useCurrentAttemptObjectiveInfo: mode.useCurrentAttemptObjectiveInfo,
    useCurrentAttemptProgressInfo: mode.useCurrentAttemptProgressInfo,
    preventActivation: constrained.preventActivation,
    constrainChoice: constrained.constrainChoice,
    rollupObjectiveSatisfied: rollup.rollupObjectiveSatisfied,
    rollupProgressCompletion: rollup.rollupProgressCompletion,
    objectiveMeasureWeight: rollup.objectiveMeasureWeight,
    selectionTiming: TIMINGS[random.selectionTiming] as SelectionTimingType,
    // scorm-again ignores a selectCount of 0 (its setter takes null or more than 0) and selects all.
    selectCount: random.selectCount,
    randomizationTiming: TIMINGS[random.randomizationTiming] as RandomizationTimingType,
    // The XSD's reorderChildren is scorm-again's randomizeChildren; its own reorderChildren (and
    // selectionCountStatus) record whether a once-only shuffle (or selection) has happened.
    randomizeChildren: random.reorderChildren,
  };
}

/** The `imsss:mapInfo` flags of a map, or all false when the objective has no such map. */
function imsssFlags(m: ObjectiveMapInfo | null) {
  return {
    readSatisfiedStatus: m?.readSatisfiedStatus ?? false,
    readNormalizedMeasure: m?.readNormalizedMeasure ?? false,
    writeSatisfiedStatus: m?.writeSatisfiedStatus ?? false,
    writeNormalizedMeasure: m?.writeNormalizedMeasure ?? false,
  };
}

/** The `adlseq:mapInfo` flags of a map, or all false when the objective has no such map. */
function adlFlags(m: AdlObjectiveMapInfo | null) {
  return {
    readRawScore: m?.readRawScore ?? false,
    readMinScore: m?.readMinScore ?? false,
    readMaxScore: m?.readMaxScore ?? false,
    readCompletionStatus: m?.readCompletionStatus ?? false,
    readProgressMeasure: m?.readProgressMeasure ?? false,
    writeRawScore: m?.writeRawScore ?? false,
    writeMinScore: m?.writeMinScore ?? false,
    writeMaxScore: m?.writeMaxScore ?? false,
    writeCompletionStatus: m?.writeCompletionStatus ?? false,
    writeProgressMeasure: m?.writeProgressMeasure ?? false,
  };
}

/**
 * One objective's maps: each `imsss:mapInfo`, with the flags of the `adlseq:mapInfo` for the same global
 * objective merged in, then each `adlseq:mapInfo` with no `imsss` counterpart. scorm-again reads every
 * flag it is not given as the adlseq default (reads on, writes off), which would read a global
 * objective's score and completion through an `imsss` map alone and its satisfaction through an `adlseq`
 * map alone; so the flags of the element that is absent are written out as false.
 */
function mapInfos(imsss: ObjectiveMapInfo[], adl: AdlObjectiveMapInfo[]): ObjectiveMapInfoSettings[] {
  const adlFor = (target: string) => adl.find((a) => a.targetObjectiveID === target) ?? null;
  const merged = imsss.map((m) => ({
    targetObjectiveID: m.targetObjectiveID,
    ...imsssFlags(m),
    ...adlFlags(adlFor(m.targetObjectiveID)),
  }));
  const adlOnly = adl
    .filter((a) => !imsss.some((m) => m.targetObjectiveID === a.targetObjectiveID))
    .map((a) => ({ targetObjectiveID: a.targetObjectiveID, ...imsssFlags(null), ...adlFlags(a) }));
  return [...merged, ...adlOnly];
}

function objective(o: Omit<Objective, 'objectiveID'>, id: string, adl: AdlObjective[]): ObjectiveSettings {
  const extension = adl.find((a) => a.objectiveID === id);
  return {
    objectiveID: id,
    satisfiedByMeasure: o.satisfiedByMeasure,
    minNormalizedMeasure: o.minNormalizedMeasure,
    mapInfo: mapInfos(o.mapInfo, extension?.mapInfo ?? []),
  };
}

/** The sequencing of an activity whose item has no `<imsss:sequencing>`: the SN book's defaults. */
function defaultSequencing(): ItemSequencing {
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
  };
}

function activitySettings(activity: Activity): ActivitySettings {
  const s = activity.sequencing ?? defaultSequencing();
  const limits = s.limitConditions;
  const { primaryObjective, objectives } = s.objectives;
  const out: ActivitySettings = {
    id: activity.id,
    title: activity.title,
    isVisible: activity.isvisible,
    sequencingControls: sequencingControls(s),
    deliveryControls: {
      tracked: s.deliveryControls.tracked,
      completionSetByContent: s.deliveryControls.completionSetByContent,
      objectiveSetByContent: s.deliveryControls.objectiveSetByContent,
    },
    sequencingRules: {
      preConditionRules: s.sequencingRules.preConditionRules.map(sequencingRule),
      exitConditionRules: s.sequencingRules.exitConditionRules.map(sequencingRule),
      postConditionRules: s.sequencingRules.postConditionRules.map(sequencingRule),
    },
    // Passed on as written: an attemptLimit of 0 is a limit to scorm-again too, which then never
    // delivers the activity (`RuleEvaluationEngine.checkLimitConditions`).
    attemptLimit: limits.attemptLimit,
    attemptAbsoluteDurationLimit: limits.attemptAbsoluteDurationLimit,
    activityAbsoluteDurationLimit: limits.activityAbsoluteDurationLimit,
    beginTimeLimit: limits.beginTimeLimit,
    endTimeLimit: limits.endTimeLimit,
    rollupRules: { rules: s.rollupRules.rollupRules.map(rollupRule) },
    rollupConsiderations: {
      requiredForSatisfied: s.rollupConsiderations.requiredForSatisfied,
      requiredForNotSatisfied: s.rollupConsiderations.requiredForNotSatisfied,
      requiredForCompleted: s.rollupConsiderations.requiredForCompleted,
      requiredForIncomplete: s.rollupConsiderations.requiredForIncomplete,
      measureSatisfactionIfActive: s.rollupConsiderations.measureSatisfactionIfActive,
    },
    objectives: objectives.map((o) => objective(o, o.objectiveID, s.adlObjectives)),
    hideLmsUi: [...activity.presentation.hideLMSUI],
    auxiliaryResources: s.auxiliaryResources.map((r) => ({
      resourceId: r.auxiliaryResourceID,
      purpose: r.purpose,
    })),
    children: activity.children.map(activitySettings),
  };
  if (primaryObjective !== null) {
    const id = primaryObjective.objectiveID ?? UNNAMED_PRIMARY_OBJECTIVE_ID;
    out.primaryObjective = objective(primaryObjective, id, s.adlObjectives);
  }
  return out;
}

/**
 * scorm-again's sequencing settings for one organisation: its activity tree, rooted at the organisation.
 * Pass the result as `sequencing` in the settings of a `Scorm2004API`.
 *
 * Only `activityTree` is set. scorm-again's top-level `sequencingControls`, `sequencingRules` and
 * `rollupRules` are not read by its sequencing process (the root activity's are), and `hideLmsUi` and
 * `auxiliaryResources` are given on each activity, where scorm-again applies them to the activity and
 * everything below it. The engine options (`autoRollupOnCMIChange`, `eventListeners`, …) are the
 * player's choice and not part of the manifest. Global objectives need no list here: scorm-again builds
 * its global objective map from the mapInfo of the tree.
 */
export function toScormAgainSequencing(org: SequencingOrganization): ScormAgainSequencing {
  return { activityTree: activitySettings(org) };
}
