/**
 * Parser for the sequencing and navigation declarations of a SCORM 2004 `imsmanifest.xml`.
 *
 * Reads IMS Simple Sequencing (`imsss:`, http://www.imsglobal.org/xsd/imsss), the ADL sequencing
 * extensions (`adlseq:`, http://www.adlnet.org/xsd/adlseq_v1p3) and ADL navigation presentation
 * (`adlnav:presentation`) into a plain, JSON-serialisable activity tree per organisation. The
 * result is stored with the package version and is the input of the sequencing engine, so it is
 * complete: the engine never needs to know an XSD default or look anything up in the manifest.
 *
 * Decisions worth knowing:
 * - The XML is handled as in manifest.ts: DOCTYPE and entity declarations are refused before
 *   parsing, entity expansion is off, and only the five predefined XML entities and numeric
 *   character references are decoded, by this module.
 * - Elements and attributes are matched by local name, ignoring prefix and letter case. The one
 *   exception is `objectives`, which exists both in IMS SS and (4th Edition) in ADL sequencing as
 *   a child of `<sequencing>`; the two are told apart by the element's namespace URI, or by the
 *   prefix `adlseq` when the prefix was never declared.
 * - Output field names follow the XML names (`identifierref`, `isvisible`, `hideLMSUI`,
 *   `objectiveID`, …) so the structure reads side by side with the CAM and SN books.
 * - An `<item>` or `<organization>` without `<imsss:sequencing>` gets `sequencing: null`. When it
 *   has one, every sequencing element is present in the result: absent elements and attributes
 *   take their XSD default (which is what the SN book says an absent value means), and
 *   `declared` records which elements the manifest actually wrote and where.
 * - `IDRef` takes the `<imsss:sequencing ID="…">` of the manifest's `<imsss:sequencingCollection>`
 *   as the base; each element the item writes itself (controlMode, sequencingRules, objectives, …)
 *   replaces the collection's element of the same name as a whole. Elements are not merged
 *   attribute by attribute or rule by rule.
 * - Booleans accept `true`/`false`/`1`/`0`; vocabulary values (`condition`, `action`, …) are
 *   matched case-insensitively and reported in their XSD spelling. An attribute that is empty or
 *   only whitespace counts as absent. Any other value that does not fit the XSD type (including
 *   numbers outside its range) is refused with a `SequencingError` naming the activity, the
 *   attribute and the value, so a broken package is caught at upload rather than mid-course.
 * - `limitConditions` keeps all seven XSD attributes, although SCORM 2004 only requires an LMS to
 *   honour `attemptLimit` and `attemptAbsoluteDurationLimit`.
 * - `sharedDataGlobalToSystem` is an `adlcp:` attribute in the 4th Edition; like every attribute
 *   it is matched by local name, whatever its prefix.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

// ---------------------------------------------------------------------------------------------
// Vocabularies (XSD enumerations). The types below are derived from these lists, which are also
// what incoming values are checked against.

const CONDITION_COMBINATIONS = ['all', 'any'] as const;
const CONDITION_OPERATORS = ['not', 'noOp'] as const;
const SEQUENCING_RULE_CONDITIONS = [
  'satisfied',
  'objectiveStatusKnown',
  'objectiveMeasureKnown',
  'objectiveMeasureGreaterThan',
  'objectiveMeasureLessThan',
  'completed',
  'activityProgressKnown',
  'attempted',
  'attemptLimitExceeded',
  'timeLimitExceeded',
  'outsideAvailableTimeRange',
  'always',
] as const;
const ROLLUP_RULE_CONDITIONS = [
  'satisfied',
  'objectiveStatusKnown',
  'objectiveMeasureKnown',
  'completed',
  'activityProgressKnown',
  'attempted',
  'attemptLimitExceeded',
  'timeLimitExceeded',
  'outsideAvailableTimeRange',
] as const;
const PRE_CONDITION_ACTIONS = ['skip', 'disabled', 'hiddenFromChoice', 'stopForwardTraversal'] as const;
const EXIT_CONDITION_ACTIONS = ['exit'] as const;
const POST_CONDITION_ACTIONS = [
  'exitParent',
  'exitAll',
  'retry',
  'retryAll',
  'continue',
  'previous',
] as const;
const ROLLUP_ACTIONS = ['satisfied', 'notSatisfied', 'completed', 'incomplete'] as const;
const CHILD_ACTIVITY_SETS = ['all', 'any', 'none', 'atLeastCount', 'atLeastPercent'] as const;
const RANDOMIZATION_TIMINGS = ['never', 'once', 'onEachNewAttempt'] as const;
const ROLLUP_CONSIDERATIONS = ['always', 'ifAttempted', 'ifNotSkipped', 'ifNotSuspended'] as const;
const HIDE_LMS_UI = [
  'abandon',
  'continue',
  'exit',
  'previous',
  'suspendAll',
  'exitAll',
  'abandonAll',
] as const;

export type ConditionCombination = (typeof CONDITION_COMBINATIONS)[number];
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
/** `imsss:ruleCondition@condition`. */
export type SequencingRuleConditionName = (typeof SEQUENCING_RULE_CONDITIONS)[number];
/** `imsss:rollupCondition@condition`. */
export type RollupRuleConditionName = (typeof ROLLUP_RULE_CONDITIONS)[number];
export type PreConditionRuleAction = (typeof PRE_CONDITION_ACTIONS)[number];
export type ExitConditionRuleAction = (typeof EXIT_CONDITION_ACTIONS)[number];
export type PostConditionRuleAction = (typeof POST_CONDITION_ACTIONS)[number];
export type RollupAction = (typeof ROLLUP_ACTIONS)[number];
export type ChildActivitySet = (typeof CHILD_ACTIVITY_SETS)[number];
export type RandomizationTiming = (typeof RANDOMIZATION_TIMINGS)[number];
/** `adlseq:rollupConsiderations` `requiredFor…` values. */
export type RollupConsideration = (typeof ROLLUP_CONSIDERATIONS)[number];
/** `adlnav:hideLMSUI` values: LMS navigation controls the content asks to hide. */
export type HideLmsUiControl = (typeof HIDE_LMS_UI)[number];

// ---------------------------------------------------------------------------------------------
// Result types

/** `imsss:controlMode`. */
export interface ControlMode {
  /** Default true. */
  choice: boolean;
  /** Default true. */
  choiceExit: boolean;
  /** Default false. */
  flow: boolean;
  /** Default false. */
  forwardOnly: boolean;
  /** Default true. */
  useCurrentAttemptObjectiveInfo: boolean;
  /** Default true. */
  useCurrentAttemptProgressInfo: boolean;
}

/** One `imsss:ruleCondition`. */
export interface RuleCondition {
  /** Objective ID of this activity the condition tests; null means the primary objective. */
  referencedObjective: string | null;
  /** −1 to 1, default 0; used by `objectiveMeasureGreaterThan` / `objectiveMeasureLessThan`. */
  measureThreshold: number;
  /** Default `noOp`. */
  operator: ConditionOperator;
  condition: SequencingRuleConditionName;
}

/** One pre-condition, exit-condition or post-condition rule. */
export interface SequencingRule<A extends string> {
  /** `imsss:ruleConditions@conditionCombination`, default `all`. */
  conditionCombination: ConditionCombination;
  /** Empty when the rule has no `<imsss:ruleConditions>`. */
  ruleConditions: RuleCondition[];
  /** `imsss:ruleAction@action`. */
  action: A;
}

/** `imsss:sequencingRules`, each list in manifest order. */
export interface SequencingRules {
  preConditionRules: SequencingRule<PreConditionRuleAction>[];
  exitConditionRules: SequencingRule<ExitConditionRuleAction>[];
  postConditionRules: SequencingRule<PostConditionRuleAction>[];
}

/** `imsss:limitConditions`; every attribute is optional and null when absent. */
export interface LimitConditions {
  /** Whole number, 0 or more. */
  attemptLimit: number | null;
  /** xs:duration, e.g. `PT1H30M`. */
  attemptAbsoluteDurationLimit: string | null;
  /** xs:duration. */
  attemptExperiencedDurationLimit: string | null;
  /** xs:duration. */
  activityAbsoluteDurationLimit: string | null;
  /** xs:duration. */
  activityExperiencedDurationLimit: string | null;
  /** xs:dateTime. */
  beginTimeLimit: string | null;
  /** xs:dateTime. */
  endTimeLimit: string | null;
}

/** One `imsss:auxiliaryResource`. */
export interface AuxiliaryResource {
  auxiliaryResourceID: string;
  /** Empty string when absent. */
  purpose: string;
}

/** One `imsss:rollupCondition`. */
export interface RollupCondition {
  /** Default `noOp`. */
  operator: ConditionOperator;
  condition: RollupRuleConditionName;
}

/** One `imsss:rollupRule`. */
export interface RollupRule {
  /** Default `all`. */
  childActivitySet: ChildActivitySet;
  /** Whole number, default 0; used with `atLeastCount`. */
  minimumCount: number;
  /** 0 to 1, default 0; used with `atLeastPercent`. */
  minimumPercent: number;
  /** `imsss:rollupConditions@conditionCombination`, default `any`. */
  conditionCombination: ConditionCombination;
  rollupConditions: RollupCondition[];
  /** `imsss:rollupAction@action`. */
  action: RollupAction;
}

/** `imsss:rollupRules`. */
export interface RollupRules {
  /** Default true. */
  rollupObjectiveSatisfied: boolean;
  /** Default true. */
  rollupProgressCompletion: boolean;
  /** 0 to 1, default 1. */
  objectiveMeasureWeight: number;
  /** In manifest order; empty means the SN default rollup applies. */
  rollupRules: RollupRule[];
}

/** One `imsss:mapInfo`: how a local objective reads from and writes to a global objective. */
export interface ObjectiveMapInfo {
  targetObjectiveID: string;
  /** Default true. */
  readSatisfiedStatus: boolean;
  /** Default true. */
  readNormalizedMeasure: boolean;
  /** Default false. */
  writeSatisfiedStatus: boolean;
  /** Default false. */
  writeNormalizedMeasure: boolean;
}

/** An `imsss:objective`. */
export interface Objective {
  objectiveID: string;
  /** Default false. */
  satisfiedByMeasure: boolean;
  /** Text of `imsss:minNormalizedMeasure`, −1 to 1, default 1. */
  minNormalizedMeasure: number;
  mapInfo: ObjectiveMapInfo[];
}

/** The `imsss:primaryObjective`, whose `objectiveID` is optional. */
export interface PrimaryObjective extends Omit<Objective, 'objectiveID'> {
  objectiveID: string | null;
}

/** `imsss:objectives`. */
export interface Objectives {
  /** Null when the element names no primary objective. */
  primaryObjective: PrimaryObjective | null;
  /** The other (local) objectives, in manifest order. */
  objectives: Objective[];
}

/** `imsss:randomizationControls`. */
export interface RandomizationControls {
  /** Default `never`. */
  randomizationTiming: RandomizationTiming;
  /** Whole number, or null when absent (select all children). */
  selectCount: number | null;
  /** Default false. */
  reorderChildren: boolean;
  /** Default `never`. */
  selectionTiming: RandomizationTiming;
}

/** `imsss:deliveryControls`. */
export interface DeliveryControls {
  /** Default true. */
  tracked: boolean;
  /** Default false. */
  completionSetByContent: boolean;
  /** Default false. */
  objectiveSetByContent: boolean;
}

/** `adlseq:constrainedChoiceConsiderations`. */
export interface ConstrainedChoiceConsiderations {
  /** Default false. */
  preventActivation: boolean;
  /** Default false. */
  constrainChoice: boolean;
}

/** `adlseq:rollupConsiderations`. */
export interface RollupConsiderations {
  /** Default `always`. */
  requiredForSatisfied: RollupConsideration;
  /** Default `always`. */
  requiredForNotSatisfied: RollupConsideration;
  /** Default `always`. */
  requiredForCompleted: RollupConsideration;
  /** Default `always`. */
  requiredForIncomplete: RollupConsideration;
  /** Default true. */
  measureSatisfactionIfActive: boolean;
}

/** One `adlseq:mapInfo` (4th Edition): the score and completion parts of a global objective. */
export interface AdlObjectiveMapInfo {
  targetObjectiveID: string;
  /** Default true. */
  readRawScore: boolean;
  /** Default true. */
  readMinScore: boolean;
  /** Default true. */
  readMaxScore: boolean;
  /** Default true. */
  readCompletionStatus: boolean;
  /** Default true. */
  readProgressMeasure: boolean;
  /** Default false. */
  writeRawScore: boolean;
  /** Default false. */
  writeMinScore: boolean;
  /** Default false. */
  writeMaxScore: boolean;
  /** Default false. */
  writeCompletionStatus: boolean;
  /** Default false. */
  writeProgressMeasure: boolean;
}

/** One `adlseq:objective` (4th Edition), extending the `imsss` objective with the same ID. */
export interface AdlObjective {
  objectiveID: string;
  mapInfo: AdlObjectiveMapInfo[];
}

/** Names of the elements `imsss:sequencing` can hold, as used in {@link ItemSequencing.declared}. */
export type SequencingElementName =
  | 'controlMode'
  | 'sequencingRules'
  | 'limitConditions'
  | 'auxiliaryResources'
  | 'rollupRules'
  | 'objectives'
  | 'randomizationControls'
  | 'deliveryControls'
  | 'constrainedChoiceConsiderations'
  | 'rollupConsiderations'
  | 'adlObjectives';

/**
 * The effective sequencing of one activity: its own `imsss:sequencing` laid over the
 * sequencing-collection entry it references, with XSD defaults for everything else.
 */
export interface ItemSequencing {
  /** The `IDRef` the activity's `<imsss:sequencing>` gives, or null. */
  idRef: string | null;
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
  /** `adlseq:objectives` (4th Edition), in manifest order. */
  adlObjectives: AdlObjective[];
  /**
   * The elements the manifest wrote, and whether each came from the activity's own
   * `<imsss:sequencing>` (`own`) or from the referenced collection entry (`collection`). Elements
   * not listed hold their defaults.
   */
  declared: Partial<Record<SequencingElementName, 'own' | 'collection'>>;
}

/** `adlnav:presentation`. */
export interface Presentation {
  /** `adlnav:navigationInterface/adlnav:hideLMSUI` values, in manifest order, without repeats. */
  hideLMSUI: HideLmsUiControl[];
}

/** An `<item>` as an activity of the activity tree. */
export interface Activity {
  /** `identifier`. */
  id: string;
  /** The resource the item launches, or null for a cluster. */
  identifierref: string | null;
  /** `<title>` text; empty string when absent. */
  title: string;
  /** Default true. */
  isvisible: boolean;
  /** The `parameters` attribute as written, or null. */
  parameters: string | null;
  children: Activity[];
  /** Null when the activity has no `<imsss:sequencing>`: every SN default applies. */
  sequencing: ItemSequencing | null;
  presentation: Presentation;
}

/**
 * An `<organization>`: the root activity of its tree. `identifierref` and `parameters` are always
 * null and `isvisible` always true.
 */
export interface SequencingOrganization extends Activity {
  /** `adlseq:objectivesGlobalToSystem`, default true. */
  objectivesGlobalToSystem: boolean;
  /** `adlcp:sharedDataGlobalToSystem` (4th Edition), default true. */
  sharedDataGlobalToSystem: boolean;
}

/** Everything the manifest declares about sequencing and navigation. */
export interface SequencingDefinition {
  /** `organizations@default` when it names an organisation, else the first; null if none. */
  defaultOrganization: string | null;
  organizations: SequencingOrganization[];
  /**
   * Every `targetObjectiveID` of an `imsss:mapInfo` or `adlseq:mapInfo` in the effective
   * sequencing of any activity, sorted, without repeats.
   */
  globalObjectiveIds: string[];
  /** Whether the manifest has any `<imsss:sequencing>` or `<imsss:sequencingCollection>`. */
  hasSequencing: boolean;
}

export type SequencingErrorCode =
  | 'NOT_XML'
  | 'DOCTYPE'
  | 'NOT_A_MANIFEST'
  | 'MISSING_IDENTIFIER'
  | 'UNKNOWN_SEQUENCING_ID'
  | 'DUPLICATE_SEQUENCING_ID'
  | 'MISSING_VALUE'
  | 'INVALID_VALUE';

export class SequencingError extends Error {
  constructor(
    readonly code: SequencingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SequencingError';
  }
}

// ---------------------------------------------------------------------------------------------
// Defaults

function defaultControlMode(): ControlMode {
  return {
    choice: true,
    choiceExit: true,
    flow: false,
    forwardOnly: false,
    useCurrentAttemptObjectiveInfo: true,
    useCurrentAttemptProgressInfo: true,
  };
}

function defaultLimitConditions(): LimitConditions {
  return {
    attemptLimit: null,
    attemptAbsoluteDurationLimit: null,
    attemptExperiencedDurationLimit: null,
    activityAbsoluteDurationLimit: null,
    activityExperiencedDurationLimit: null,
    beginTimeLimit: null,
    endTimeLimit: null,
  };
}

/**
 * The sequencing of an activity whose `<imsss:sequencing>` is empty, which is also what the SN
 * book prescribes for an activity with `sequencing: null`.
 */
export function defaultSequencing(): ItemSequencing {
  return {
    idRef: null,
    controlMode: defaultControlMode(),
    sequencingRules: { preConditionRules: [], exitConditionRules: [], postConditionRules: [] },
    limitConditions: defaultLimitConditions(),
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
    declared: {},
  };
}

// ---------------------------------------------------------------------------------------------
// Element tree over fast-xml-parser's preserveOrder output, with namespaces resolved.

interface Elem {
  /** Local name, lower-cased. */
  name: string;
  /** The name as written, prefix included, for messages. */
  qname: string;
  /** Prefix as written (empty when none). */
  prefix: string;
  /** Namespace URI the prefix resolves to in scope, lower-cased; empty when undeclared. */
  ns: string;
  /** Attributes by lower-cased local name (namespace declarations excluded). */
  attrs: Map<string, string>;
  children: Elem[];
  text: string;
}

type RawNode = Record<string, unknown>;

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Decodes character references and the five predefined entities; leaves anything else alone. */
function unescapeXml(s: string): string {
  return s.replace(
    /&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi,
    (whole, dec?: string, hex?: string, named?: string) => {
      if (named !== undefined) return Object.hasOwn(XML_ENTITIES, named) ? XML_ENTITIES[named] : whole;
      const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      return cp >= 1 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    },
  );
}

function splitQName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(':');
  return colon < 0
    ? { prefix: '', local: qname }
    : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

function buildElem(raw: RawNode, inherited: ReadonlyMap<string, string>): Elem | null {
  const qname = Object.keys(raw).find((k) => k !== ':@');
  if (qname === undefined || qname === '#text') return null;
  const rawAttrs = Object.entries((raw[':@'] ?? {}) as Record<string, unknown>);

  let scope = inherited;
  for (const [name, value] of rawAttrs) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === inherited) scope = new Map(inherited);
    (scope as Map<string, string>).set(
      name === 'xmlns' ? '' : name.slice(6),
      unescapeXml(String(value)).trim(),
    );
  }

  const { prefix, local } = splitQName(qname);
  const elem: Elem = {
    name: local.toLowerCase(),
    qname,
    prefix,
    ns: (scope.get(prefix) ?? '').toLowerCase(),
    attrs: new Map(),
    children: [],
    text: '',
  };
  for (const [name, value] of rawAttrs) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    elem.attrs.set(splitQName(name).local.toLowerCase(), unescapeXml(String(value)));
  }
  const content = raw[qname];
  if (Array.isArray(content)) {
    for (const part of content as RawNode[]) {
      if ('#text' in part) {
        elem.text += unescapeXml(String(part['#text']));
        continue;
      }
      const child = buildElem(part, scope);
      if (child) elem.children.push(child);
    }
  }
  elem.text = elem.text.trim();
  return elem;
}

function childrenNamed(parent: Elem | undefined, name: string): Elem[] {
  return parent === undefined ? [] : parent.children.filter((c) => c.name === name);
}

function childNamed(parent: Elem | undefined, name: string): Elem | undefined {
  return parent?.children.find((c) => c.name === name);
}

/** Whether an element belongs to the ADL sequencing namespace rather than IMS SS. */
function isAdlseq(e: Elem): boolean {
  return e.ns !== '' ? e.ns.includes('adlseq') : e.prefix.toLowerCase() === 'adlseq';
}

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function readXml(xml: string): Elem {
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) {
    throw new SequencingError(
      'DOCTYPE',
      'The manifest contains a DOCTYPE or entity declaration, which is not allowed for security reasons. Remove the <!DOCTYPE …> line from imsmanifest.xml (SCORM does not need it) and upload the package again.',
    );
  }
  const check = text.trim() === '' ? null : XMLValidator.validate(text);
  if (check === null) throw new SequencingError('NOT_XML', 'The imsmanifest.xml file is empty.');
  if (check !== true) {
    const line = check.err.line ? ` on line ${check.err.line}` : '';
    throw new SequencingError(
      'NOT_XML',
      `The imsmanifest.xml file is not valid XML${line}: ${check.err.msg}`,
    );
  }
  for (const raw of xmlParser.parse(text) as RawNode[]) {
    const root = buildElem(raw, new Map());
    if (root === null) continue;
    if (root.name !== 'manifest') {
      throw new SequencingError(
        'NOT_A_MANIFEST',
        `The imsmanifest.xml file starts with <${root.qname}> instead of <manifest>, so it is not a SCORM manifest.`,
      );
    }
    return root;
  }
  throw new SequencingError('NOT_A_MANIFEST', 'The imsmanifest.xml file has no <manifest> element.');
}

// ---------------------------------------------------------------------------------------------
// Typed attribute readers. Each takes the activity description used in messages, e.g.
// `Item "Quiz" (quiz_item)`.

function invalid(where: string, e: Elem, attrName: string, value: string, expected: string): SequencingError {
  return new SequencingError(
    'INVALID_VALUE',
    `${where} has ${attrName}="${value}" on <${e.qname}>, which is not valid: it must be ${expected}.`,
  );
}

function missing(where: string, e: Elem, attrName: string): SequencingError {
  return new SequencingError(
    'MISSING_VALUE',
    `${where} has an <${e.qname}> without the required "${attrName}" attribute.`,
  );
}

/** The attribute's trimmed value, or null when absent or blank. */
function valueOf(e: Elem, attrName: string): string | null {
  const v = e.attrs.get(attrName.toLowerCase())?.trim();
  return v ? v : null;
}

function requiredValue(where: string, e: Elem, attrName: string): string {
  const v = valueOf(e, attrName);
  if (v === null) throw missing(where, e, attrName);
  return v;
}

function readBoolean(where: string, e: Elem, attrName: string, fallback: boolean): boolean {
  const v = valueOf(e, attrName);
  if (v === null) return fallback;
  const lower = v.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw invalid(where, e, attrName, v, '"true" or "false"');
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function checkDecimal(v: string, min: number, max: number): number | null {
  if (!DECIMAL.test(v)) return null;
  const n = Number(v);
  if (!(n >= min && n <= max)) return null;
  return n === 0 ? 0 : n; // no -0 in the output
}

function readDecimal(
  where: string,
  e: Elem,
  attrName: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = valueOf(e, attrName);
  if (v === null) return fallback;
  const n = checkDecimal(v, min, max);
  if (n === null) throw invalid(where, e, attrName, v, `a number from ${min} to ${max}`);
  return n;
}

function readWholeNumber(where: string, e: Elem, attrName: string): number | null {
  const v = valueOf(e, attrName);
  if (v === null) return null;
  const n = /^\+?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid(where, e, attrName, v, 'a whole number (0 or more)');
  return n;
}

function readToken<T extends string>(
  where: string,
  e: Elem,
  attrName: string,
  allowed: readonly T[],
  fallback: T | null,
): T {
  const v = valueOf(e, attrName);
  if (v === null) {
    if (fallback === null) throw missing(where, e, attrName);
    return fallback;
  }
  const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (match === undefined)
    throw invalid(where, e, attrName, v, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return match;
}

/** xs:duration: `P` then years, months, days and a `T` part with hours, minutes, seconds. */
const DURATION = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
/** xs:dateTime, with optional fractional seconds and time zone. */
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function readPattern(
  where: string,
  e: Elem,
  attrName: string,
  pattern: RegExp,
  expected: string,
): string | null {
  const v = valueOf(e, attrName);
  if (v !== null && !pattern.test(v)) throw invalid(where, e, attrName, v, expected);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Sequencing elements

function parseControlMode(where: string, e: Elem): ControlMode {
  const d = defaultControlMode();
  return {
    choice: readBoolean(where, e, 'choice', d.choice),
    choiceExit: readBoolean(where, e, 'choiceExit', d.choiceExit),
    flow: readBoolean(where, e, 'flow', d.flow),
    forwardOnly: readBoolean(where, e, 'forwardOnly', d.forwardOnly),
    useCurrentAttemptObjectiveInfo: readBoolean(
      where,
      e,
      'useCurrentAttemptObjectiveInfo',
      d.useCurrentAttemptObjectiveInfo,
    ),
    useCurrentAttemptProgressInfo: readBoolean(
      where,
      e,
      'useCurrentAttemptProgressInfo',
      d.useCurrentAttemptProgressInfo,
    ),
  };
}

function parseRule<A extends string>(where: string, e: Elem, actions: readonly A[]): SequencingRule<A> {
  const conditions = childNamed(e, 'ruleconditions');
  const action = childNamed(e, 'ruleaction');
  if (action === undefined) {
    throw new SequencingError('MISSING_VALUE', `${where} has an <${e.qname}> without an <imsss:ruleAction>.`);
  }
  return {
    conditionCombination:
      conditions === undefined
        ? 'all'
        : readToken(where, conditions, 'conditionCombination', CONDITION_COMBINATIONS, 'all'),
    ruleConditions: childrenNamed(conditions, 'rulecondition').map((c) => ({
      referencedObjective: valueOf(c, 'referencedObjective'),
      measureThreshold: readDecimal(where, c, 'measureThreshold', 0, -1, 1),
      operator: readToken(where, c, 'operator', CONDITION_OPERATORS, 'noOp'),
      condition: readToken(where, c, 'condition', SEQUENCING_RULE_CONDITIONS, null),
    })),
    action: readToken(where, action, 'action', actions, null),
  };
}

function parseSequencingRules(where: string, e: Elem): SequencingRules {
  return {
    preConditionRules: childrenNamed(e, 'preconditionrule').map((r) =>
      parseRule(where, r, PRE_CONDITION_ACTIONS),
    ),
    exitConditionRules: childrenNamed(e, 'exitconditionrule').map((r) =>
      parseRule(where, r, EXIT_CONDITION_ACTIONS),
    ),
    postConditionRules: childrenNamed(e, 'postconditionrule').map((r) =>
      parseRule(where, r, POST_CONDITION_ACTIONS),
    ),
  };
}

function parseLimitConditions(where: string, e: Elem): LimitConditions {
  const duration = (name: string): string | null =>
    readPattern(where, e, name, DURATION, 'an XML duration such as "PT1H30M"');
  const dateTime = (name: string): string | null =>
    readPattern(where, e, name, DATE_TIME, 'an XML date and time such as "2024-01-31T09:00:00Z"');
  return {
    attemptLimit: readWholeNumber(where, e, 'attemptLimit'),
    attemptAbsoluteDurationLimit: duration('attemptAbsoluteDurationLimit'),
    attemptExperiencedDurationLimit: duration('attemptExperiencedDurationLimit'),
    activityAbsoluteDurationLimit: duration('activityAbsoluteDurationLimit'),
    activityExperiencedDurationLimit: duration('activityExperiencedDurationLimit'),
    beginTimeLimit: dateTime('beginTimeLimit'),
    endTimeLimit: dateTime('endTimeLimit'),
  };
}

function parseAuxiliaryResources(where: string, e: Elem): AuxiliaryResource[] {
  return childrenNamed(e, 'auxiliaryresource').map((r) => ({
    auxiliaryResourceID: requiredValue(where, r, 'auxiliaryResourceID'),
    purpose: valueOf(r, 'purpose') ?? '',
  }));
}

function parseRollupRule(where: string, e: Elem): RollupRule {
  const conditions = childNamed(e, 'rollupconditions');
  const action = childNamed(e, 'rollupaction');
  if (conditions === undefined || action === undefined) {
    const what = conditions === undefined ? '<imsss:rollupConditions>' : '<imsss:rollupAction>';
    throw new SequencingError('MISSING_VALUE', `${where} has an <${e.qname}> without ${what}.`);
  }
  return {
    childActivitySet: readToken(where, e, 'childActivitySet', CHILD_ACTIVITY_SETS, 'all'),
    minimumCount: readWholeNumber(where, e, 'minimumCount') ?? 0,
    minimumPercent: readDecimal(where, e, 'minimumPercent', 0, 0, 1),
    conditionCombination: readToken(where, conditions, 'conditionCombination', CONDITION_COMBINATIONS, 'any'),
    rollupConditions: childrenNamed(conditions, 'rollupcondition').map((c) => ({
      operator: readToken(where, c, 'operator', CONDITION_OPERATORS, 'noOp'),
      condition: readToken(where, c, 'condition', ROLLUP_RULE_CONDITIONS, null),
    })),
    action: readToken(where, action, 'action', ROLLUP_ACTIONS, null),
  };
}

function parseRollupRules(where: string, e: Elem): RollupRules {
  return {
    rollupObjectiveSatisfied: readBoolean(where, e, 'rollupObjectiveSatisfied', true),
    rollupProgressCompletion: readBoolean(where, e, 'rollupProgressCompletion', true),
    objectiveMeasureWeight: readDecimal(where, e, 'objectiveMeasureWeight', 1, 0, 1),
    rollupRules: childrenNamed(e, 'rolluprule').map((r) => parseRollupRule(where, r)),
  };
}

function parseMapInfo(where: string, e: Elem): ObjectiveMapInfo {
  return {
    targetObjectiveID: requiredValue(where, e, 'targetObjectiveID'),
    readSatisfiedStatus: readBoolean(where, e, 'readSatisfiedStatus', true),
    readNormalizedMeasure: readBoolean(where, e, 'readNormalizedMeasure', true),
    writeSatisfiedStatus: readBoolean(where, e, 'writeSatisfiedStatus', false),
    writeNormalizedMeasure: readBoolean(where, e, 'writeNormalizedMeasure', false),
  };
}

/** The parts shared by `imsss:primaryObjective` and `imsss:objective`. */
function parseObjectiveBody(where: string, e: Elem): Omit<Objective, 'objectiveID'> {
  const measure = childNamed(e, 'minnormalizedmeasure');
  let minNormalizedMeasure = 1;
  if (measure !== undefined && measure.text !== '') {
    const n = checkDecimal(measure.text, -1, 1);
    if (n === null) {
      throw new SequencingError(
        'INVALID_VALUE',
        `${where} has <${measure.qname}>${measure.text}</${measure.qname}>, which is not valid: it must be a number from -1 to 1.`,
      );
    }
    minNormalizedMeasure = n;
  }
  return {
    satisfiedByMeasure: readBoolean(where, e, 'satisfiedByMeasure', false),
    minNormalizedMeasure,
    mapInfo: childrenNamed(e, 'mapinfo').map((m) => parseMapInfo(where, m)),
  };
}

function parseObjectives(where: string, e: Elem): Objectives {
  const primary = childNamed(e, 'primaryobjective');
  return {
    primaryObjective:
      primary === undefined
        ? null
        : { objectiveID: valueOf(primary, 'objectiveID'), ...parseObjectiveBody(where, primary) },
    objectives: childrenNamed(e, 'objective').map((o) => ({
      objectiveID: requiredValue(where, o, 'objectiveID'),
      ...parseObjectiveBody(where, o),
    })),
  };
}

function parseRandomizationControls(where: string, e: Elem): RandomizationControls {
  return {
    randomizationTiming: readToken(where, e, 'randomizationTiming', RANDOMIZATION_TIMINGS, 'never'),
    selectCount: readWholeNumber(where, e, 'selectCount'),
    reorderChildren: readBoolean(where, e, 'reorderChildren', false),
    selectionTiming: readToken(where, e, 'selectionTiming', RANDOMIZATION_TIMINGS, 'never'),
  };
}

function parseDeliveryControls(where: string, e: Elem): DeliveryControls {
  return {
    tracked: readBoolean(where, e, 'tracked', true),
    completionSetByContent: readBoolean(where, e, 'completionSetByContent', false),
    objectiveSetByContent: readBoolean(where, e, 'objectiveSetByContent', false),
  };
}

function parseConstrainedChoice(where: string, e: Elem): ConstrainedChoiceConsiderations {
  return {
    preventActivation: readBoolean(where, e, 'preventActivation', false),
    constrainChoice: readBoolean(where, e, 'constrainChoice', false),
  };
}

function parseRollupConsiderations(where: string, e: Elem): RollupConsiderations {
  const consideration = (name: string): RollupConsideration =>
    readToken(where, e, name, ROLLUP_CONSIDERATIONS, 'always');
  return {
    requiredForSatisfied: consideration('requiredForSatisfied'),
    requiredForNotSatisfied: consideration('requiredForNotSatisfied'),
    requiredForCompleted: consideration('requiredForCompleted'),
    requiredForIncomplete: consideration('requiredForIncomplete'),
    measureSatisfactionIfActive: readBoolean(where, e, 'measureSatisfactionIfActive', true),
  };
}

function parseAdlObjectives(where: string, e: Elem): AdlObjective[] {
  return childrenNamed(e, 'objective').map((o) => ({
    objectiveID: requiredValue(where, o, 'objectiveID'),
    mapInfo: childrenNamed(o, 'mapinfo').map((m) => ({
      targetObjectiveID: requiredValue(where, m, 'targetObjectiveID'),
      readRawScore: readBoolean(where, m, 'readRawScore', true),
      readMinScore: readBoolean(where, m, 'readMinScore', true),
      readMaxScore: readBoolean(where, m, 'readMaxScore', true),
      readCompletionStatus: readBoolean(where, m, 'readCompletionStatus', true),
      readProgressMeasure: readBoolean(where, m, 'readProgressMeasure', true),
      writeRawScore: readBoolean(where, m, 'writeRawScore', false),
      writeMinScore: readBoolean(where, m, 'writeMinScore', false),
      writeMaxScore: readBoolean(where, m, 'writeMaxScore', false),
      writeCompletionStatus: readBoolean(where, m, 'writeCompletionStatus', false),
      writeProgressMeasure: readBoolean(where, m, 'writeProgressMeasure', false),
    })),
  }));
}

/** The elements one `<imsss:sequencing>` writes itself, each fully parsed. */
type SequencingParts = Partial<Omit<ItemSequencing, 'idRef' | 'declared'>>;

/** Parses the child elements of one `<imsss:sequencing>`; the first of each name wins. */
function parseSequencingParts(where: string, seq: Elem): SequencingParts {
  const parts: SequencingParts = {};
  const find = (name: string, adl = false): Elem | undefined =>
    seq.children.find((c) => c.name === name && (name !== 'objectives' || isAdlseq(c) === adl));
  const take = <K extends keyof SequencingParts>(
    key: K,
    e: Elem | undefined,
    parse: (where: string, e: Elem) => NonNullable<SequencingParts[K]>,
  ): void => {
    if (e !== undefined) parts[key] = parse(where, e);
  };
  take('controlMode', find('controlmode'), parseControlMode);
  take('sequencingRules', find('sequencingrules'), parseSequencingRules);
  take('limitConditions', find('limitconditions'), parseLimitConditions);
  take('auxiliaryResources', find('auxiliaryresources'), parseAuxiliaryResources);
  take('rollupRules', find('rolluprules'), parseRollupRules);
  take('objectives', find('objectives'), parseObjectives);
  take('randomizationControls', find('randomizationcontrols'), parseRandomizationControls);
  take('deliveryControls', find('deliverycontrols'), parseDeliveryControls);
  take('constrainedChoiceConsiderations', find('constrainedchoiceconsiderations'), parseConstrainedChoice);
  take('rollupConsiderations', find('rollupconsiderations'), parseRollupConsiderations);
  take('adlObjectives', find('objectives', true), parseAdlObjectives);
  return parts;
}

/** Lays `own` over `base` element by element and fills the rest with defaults. */
function combine(idRef: string | null, own: SequencingParts, base: SequencingParts): ItemSequencing {
  const result = defaultSequencing();
  const target = result as unknown as Record<SequencingElementName, unknown>;
  result.idRef = idRef;
  for (const [name, value] of Object.entries(base) as [SequencingElementName, unknown][]) {
    target[name] = structuredClone(value);
    result.declared[name] = 'collection';
  }
  for (const [name, value] of Object.entries(own) as [SequencingElementName, unknown][]) {
    target[name] = value;
    result.declared[name] = 'own';
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Activity tree

interface Context {
  /** `<imsss:sequencing ID>` of the sequencing collection → its parsed elements. */
  collection: Map<string, SequencingParts>;
}

function label(kind: 'Item' | 'Organisation', id: string, title: string): string {
  return title ? `${kind} "${title}" (${id})` : `${kind} "${id}"`;
}

function activitySequencing(ctx: Context, where: string, node: Elem): ItemSequencing | null {
  const seq = childNamed(node, 'sequencing');
  if (seq === undefined) return null;
  const idRef = valueOf(seq, 'IDRef');
  let base: SequencingParts = {};
  if (idRef !== null) {
    const found = ctx.collection.get(idRef);
    if (found === undefined) {
      throw new SequencingError(
        'UNKNOWN_SEQUENCING_ID',
        `${where} uses shared sequencing "${idRef}" (its <${seq.qname}> has IDRef="${idRef}"), but the manifest's <imsss:sequencingCollection> has no <imsss:sequencing> with ID "${idRef}".`,
      );
    }
    base = found;
  }
  return combine(idRef, parseSequencingParts(where, seq), base);
}

function parsePresentation(where: string, node: Elem): Presentation {
  const nav = childNamed(childNamed(node, 'presentation'), 'navigationinterface');
  const hidden: HideLmsUiControl[] = [];
  for (const h of childrenNamed(nav, 'hidelmsui')) {
    const match = HIDE_LMS_UI.find((v) => v.toLowerCase() === h.text.toLowerCase());
    if (match === undefined) {
      throw new SequencingError(
        'INVALID_VALUE',
        `${where} has <${h.qname}>${h.text}</${h.qname}>, which is not valid: it must be one of ${HIDE_LMS_UI.map((v) => `"${v}"`).join(', ')}.`,
      );
    }
    if (!hidden.includes(match)) hidden.push(match);
  }
  return { hideLMSUI: hidden };
}

function titleOf(node: Elem): string {
  return childNamed(node, 'title')?.text ?? '';
}

function parseActivity(ctx: Context, node: Elem, orgWhere: string): Activity {
  const id = valueOf(node, 'identifier');
  const title = titleOf(node);
  if (id === null) {
    throw new SequencingError(
      'MISSING_IDENTIFIER',
      `${orgWhere} has an item${title ? ` ("${title}")` : ''} without an identifier.`,
    );
  }
  const where = label('Item', id, title);
  return {
    id,
    identifierref: valueOf(node, 'identifierref'),
    title,
    isvisible: readBoolean(where, node, 'isvisible', true),
    parameters: node.attrs.get('parameters') ?? null,
    children: childrenNamed(node, 'item').map((c) => parseActivity(ctx, c, orgWhere)),
    sequencing: activitySequencing(ctx, where, node),
    presentation: parsePresentation(where, node),
  };
}

function parseOrganization(ctx: Context, node: Elem, index: number): SequencingOrganization {
  const id = valueOf(node, 'identifier');
  const title = titleOf(node);
  if (id === null) {
    throw new SequencingError(
      'MISSING_IDENTIFIER',
      `Organisation ${title ? `"${title}"` : `number ${index + 1}`} has no identifier.`,
    );
  }
  const where = label('Organisation', id, title);
  return {
    id,
    identifierref: null,
    title,
    isvisible: true,
    parameters: null,
    children: childrenNamed(node, 'item').map((c) => parseActivity(ctx, c, where)),
    sequencing: activitySequencing(ctx, where, node),
    presentation: parsePresentation(where, node),
    objectivesGlobalToSystem: readBoolean(where, node, 'objectivesGlobalToSystem', true),
    sharedDataGlobalToSystem: readBoolean(where, node, 'sharedDataGlobalToSystem', true),
  };
}

function parseCollection(root: Elem): Map<string, SequencingParts> {
  const collection = new Map<string, SequencingParts>();
  for (const holder of childrenNamed(root, 'sequencingcollection')) {
    for (const seq of childrenNamed(holder, 'sequencing')) {
      const id = valueOf(seq, 'ID');
      if (id === null) {
        throw new SequencingError(
          'MISSING_IDENTIFIER',
          `The manifest's <${holder.qname}> has a <${seq.qname}> without an ID, so no item can refer to it.`,
        );
      }
      if (collection.has(id)) {
        throw new SequencingError(
          'DUPLICATE_SEQUENCING_ID',
          `The manifest's <${holder.qname}> has more than one <${seq.qname}> with ID "${id}".`,
        );
      }
      collection.set(id, parseSequencingParts(`Sequencing collection entry "${id}"`, seq));
    }
  }
  return collection;
}

function collectGlobalObjectives(activity: Activity, into: Set<string>): void {
  const s = activity.sequencing;
  if (s !== null) {
    const { primaryObjective, objectives } = s.objectives;
    for (const o of primaryObjective === null ? objectives : [primaryObjective, ...objectives]) {
      o.mapInfo.forEach((m) => into.add(m.targetObjectiveID));
    }
    s.adlObjectives.forEach((o) => o.mapInfo.forEach((m) => into.add(m.targetObjectiveID)));
  }
  activity.children.forEach((c) => collectGlobalObjectives(c, into));
}

function declaresSequencing(e: Elem): boolean {
  return (
    e.name === 'sequencing' ||
    e.name === 'sequencingcollection' ||
    e.children.some((c) => declaresSequencing(c))
  );
}

/**
 * Extracts the sequencing and navigation declarations of a manifest. Throws a
 * {@link SequencingError} for a DOCTYPE or entity declaration, text that is not XML, an `IDRef`
 * with no matching sequencing-collection entry, or a value that does not fit its XSD type.
 */
export function parseSequencing(xml: string): SequencingDefinition {
  const root = readXml(xml);
  const ctx: Context = { collection: parseCollection(root) };

  const orgsNode = childNamed(root, 'organizations');
  const organizations = childrenNamed(orgsNode, 'organization').map((o, i) => parseOrganization(ctx, o, i));
  const wanted = orgsNode === undefined ? null : valueOf(orgsNode, 'default');
  const defaultOrganization =
    organizations.find((o) => o.id === wanted)?.id ?? (organizations.length > 0 ? organizations[0].id : null);

  const globals = new Set<string>();
  organizations.forEach((o) => collectGlobalObjectives(o, globals));

  return {
    defaultOrganization,
    organizations,
    globalObjectiveIds: [...globals].sort(),
    hasSequencing: declaresSequencing(root),
  };
}
