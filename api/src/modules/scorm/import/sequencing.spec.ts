import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  defaultSequencing,
  parseSequencing,
  SequencingError,
  type Activity,
  type ItemSequencing,
  type SequencingDefinition,
  type SequencingErrorCode,
} from './sequencing.js';

/** `/work/shared/scorm/fixtures`, found from this file so the suite runs from any directory. */
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../../shared/scorm/fixtures');

function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name, 'imsmanifest.xml'), 'utf8');
}

function errorOf(fn: () => unknown): SequencingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SequencingError) return e;
    throw e;
  }
  throw new Error('expected a SequencingError');
}

function expectError(xml: string, code: SequencingErrorCode, ...fragments: string[]): SequencingError {
  const err = errorOf(() => parseSequencing(xml));
  expect(err).toBeInstanceOf(Error);
  expect(err.code).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
  return err;
}

/** Depth-first lookup of an activity by identifier. */
function find(def: SequencingDefinition, id: string): Activity {
  const visit = (a: Activity): Activity | undefined =>
    a.id === id ? a : a.children.map(visit).find((x) => x !== undefined);
  for (const org of def.organizations) {
    const hit = visit(org);
    if (hit) return hit;
  }
  throw new Error(`no activity ${id}`);
}

function seqOf(def: SequencingDefinition, id: string): ItemSequencing {
  const s = find(def, id).sequencing;
  if (s === null) throw new Error(`activity ${id} has no sequencing`);
  return s;
}

const NAMESPACES = `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"`;

/** A SCORM 2004 manifest with one organisation; `org` is its content after the title. */
function m2004(org: string, { collection = '', orgAttrs = '' } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1" ${NAMESPACES}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org" ${orgAttrs}><title>Course</title>${org}</organization>
  </organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"/></resources>
  ${collection ? `<imsss:sequencingCollection>${collection}</imsss:sequencingCollection>` : ''}
</manifest>`;
}

/** A leaf item with the given sequencing body (omitted when null). */
function item(id: string, sequencing: string | null, attrs = ''): string {
  const seq = sequencing === null ? '' : `<imsss:sequencing ${attrs}>${sequencing}</imsss:sequencing>`;
  return `<item identifier="${id}" identifierref="r"><title>${id} title</title>${seq}</item>`;
}

// ---------------------------------------------------------------------------------------------

describe('parseSequencing — SequencingForcedSequential fixture', () => {
  const def = parseSequencing(fixture('scorm2004/SequencingForcedSequential_SCORM20043rdEdition'));
  const PREFIX = 'com.scorm.golfsamples.sequencing.forcedsequential.';

  it('builds the activity tree with the organisation as root', () => {
    expect(def.hasSequencing).toBe(true);
    expect(def.defaultOrganization).toBe('golf_sample_default_org');
    expect(def.organizations).toHaveLength(1);
    const org = def.organizations[0];
    expect(org).toMatchObject({
      id: 'golf_sample_default_org',
      identifierref: null,
      title: 'Golf Explained - Sequencing Forced Order',
      isvisible: true,
      parameters: null,
      objectivesGlobalToSystem: false,
      sharedDataGlobalToSystem: true,
      presentation: { hideLMSUI: [] },
    });
    expect(org.children.map((c) => [c.id, c.identifierref, c.title])).toEqual([
      ['playing_item', 'playing_resource', 'Playing the Game'],
      ['etuqiette_item', 'etiquette_resource', 'Etiquette'],
      ['handicapping_item', 'handicapping_resource', 'Handicapping'],
      ['havingfun_item', 'havingfun_resource', 'Having Fun'],
      ['assessment_item', 'assessment_resource', 'Quiz'],
    ]);
    for (const c of org.children) {
      expect(c.children).toEqual([]);
      expect(c.isvisible).toBe(true);
      expect(c.parameters).toBeNull();
      expect(c.presentation).toEqual({ hideLMSUI: [] });
    }
  });

  it('reads the organisation-level sequencing (choice and flow both on)', () => {
    const s = def.organizations[0].sequencing as ItemSequencing;
    expect(s.idRef).toBeNull();
    expect(s.controlMode).toEqual({
      choice: true,
      choiceExit: true,
      flow: true,
      forwardOnly: false,
      useCurrentAttemptObjectiveInfo: true,
      useCurrentAttemptProgressInfo: true,
    });
    expect(s.declared).toEqual({ controlMode: 'own' });
    expect(s.rollupRules.objectiveMeasureWeight).toBe(1);
    expect(s.deliveryControls.completionSetByContent).toBe(false);
  });

  it('resolves IDRef="common_seq_rules" into every item, keeping the items’ own elements', () => {
    for (const c of def.organizations[0].children) {
      const s = c.sequencing as ItemSequencing;
      expect(s.idRef).toBe('common_seq_rules');
      expect(s.rollupRules).toEqual({
        rollupObjectiveSatisfied: true,
        rollupProgressCompletion: true,
        objectiveMeasureWeight: 0,
        rollupRules: [],
      });
      expect(s.deliveryControls).toEqual({
        tracked: true,
        completionSetByContent: true,
        objectiveSetByContent: true,
      });
      expect(s.declared.rollupRules).toBe('collection');
      expect(s.declared.deliveryControls).toBe('collection');
      expect(s.declared.objectives).toBe('own');
      // Items do not inherit the organisation's control mode at parse time.
      expect(s.controlMode.flow).toBe(false);
      expect(s.declared.controlMode).toBeUndefined();
    }
    expect(seqOf(def, 'playing_item').declared).toEqual({
      rollupRules: 'collection',
      deliveryControls: 'collection',
      objectives: 'own',
    });
    expect(seqOf(def, 'etuqiette_item').declared.sequencingRules).toBe('own');
  });

  it('reads the first SCO’s primary objective and its global write', () => {
    const s = seqOf(def, 'playing_item');
    expect(s.sequencingRules).toEqual({
      preConditionRules: [],
      exitConditionRules: [],
      postConditionRules: [],
    });
    expect(s.objectives).toEqual({
      primaryObjective: {
        objectiveID: 'playing_satisfied',
        satisfiedByMeasure: false,
        minNormalizedMeasure: 1,
        mapInfo: [
          {
            targetObjectiveID: `${PREFIX}playing_satisfied`,
            readSatisfiedStatus: true,
            readNormalizedMeasure: true,
            writeSatisfiedStatus: true,
            writeNormalizedMeasure: false,
          },
        ],
      },
      objectives: [],
    });
  });

  it.each([
    ['etuqiette_item', 'etiquette_satisfied', 'playing_satisfied'],
    ['handicapping_item', 'handicapping_satisfied', 'etiquette_satisfied'],
    ['havingfun_item', 'havingfun_satisfied', 'handicapping_satisfied'],
    ['assessment_item', 'assessment_satisfied', 'havingfun_satisfied'],
  ])('%s is disabled until the previous SCO’s global objective is satisfied', (id, primary, previous) => {
    const s = seqOf(def, id);
    expect(s.sequencingRules.preConditionRules).toEqual([
      {
        conditionCombination: 'any',
        ruleConditions: [
          {
            referencedObjective: 'previous_sco_satisfied',
            measureThreshold: 0,
            operator: 'not',
            condition: 'satisfied',
          },
          {
            referencedObjective: 'previous_sco_satisfied',
            measureThreshold: 0,
            operator: 'not',
            condition: 'objectiveStatusKnown',
          },
        ],
        action: 'disabled',
      },
    ]);
    expect(s.sequencingRules.exitConditionRules).toEqual([]);
    expect(s.sequencingRules.postConditionRules).toEqual([]);
    expect(s.objectives.primaryObjective?.objectiveID).toBe(primary);
    expect(s.objectives.objectives).toEqual([
      {
        objectiveID: 'previous_sco_satisfied',
        satisfiedByMeasure: false,
        minNormalizedMeasure: 1,
        mapInfo: [
          {
            targetObjectiveID: PREFIX + previous,
            readSatisfiedStatus: true,
            readNormalizedMeasure: true,
            writeSatisfiedStatus: false,
            writeNormalizedMeasure: false,
          },
        ],
      },
    ]);
  });

  it('writes each lesson’s status to its own global objective, but not the quiz’s', () => {
    for (const name of ['etiquette', 'handicapping', 'havingfun']) {
      const primary = seqOf(def, name === 'etiquette' ? 'etuqiette_item' : `${name}_item`).objectives
        .primaryObjective;
      expect(primary?.mapInfo).toEqual([
        {
          targetObjectiveID: `${PREFIX}${name}_satisfied`,
          readSatisfiedStatus: true,
          readNormalizedMeasure: true,
          writeSatisfiedStatus: true,
          writeNormalizedMeasure: false,
        },
      ]);
    }
    expect(seqOf(def, 'assessment_item').objectives.primaryObjective).toEqual({
      objectiveID: 'assessment_satisfied',
      satisfiedByMeasure: false,
      minNormalizedMeasure: 1,
      mapInfo: [],
    });
  });

  it('lists the global objectives once each, sorted', () => {
    expect(def.globalObjectiveIds).toEqual([
      `${PREFIX}etiquette_satisfied`,
      `${PREFIX}handicapping_satisfied`,
      `${PREFIX}havingfun_satisfied`,
      `${PREFIX}playing_satisfied`,
    ]);
  });

  it('fills the undeclared elements with defaults', () => {
    const s = seqOf(def, 'assessment_item');
    const d = defaultSequencing();
    expect(s.limitConditions).toEqual(d.limitConditions);
    expect(s.randomizationControls).toEqual(d.randomizationControls);
    expect(s.constrainedChoiceConsiderations).toEqual(d.constrainedChoiceConsiderations);
    expect(s.rollupConsiderations).toEqual(d.rollupConsiderations);
    expect(s.auxiliaryResources).toEqual([]);
    expect(s.adlObjectives).toEqual([]);
  });

  it('is JSON-serialisable without loss', () => {
    expect(JSON.parse(JSON.stringify(def))).toEqual(def);
  });

  it('gives each item its own copy of the shared collection elements', () => {
    const fresh = parseSequencing(fixture('scorm2004/SequencingForcedSequential_SCORM20043rdEdition'));
    seqOf(fresh, 'playing_item').deliveryControls.tracked = false;
    expect(seqOf(fresh, 'etuqiette_item').deliveryControls.tracked).toBe(true);
  });
});

describe('parseSequencing — packages without sequencing', () => {
  it.each([
    'scorm12/ContentPackagingSingleSCO_SCORM12',
    'scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition',
  ])('%s keeps the tree with sequencing null', (name) => {
    const def = parseSequencing(fixture(name));
    expect(def.hasSequencing).toBe(false);
    expect(def.globalObjectiveIds).toEqual([]);
    expect(def.organizations).toHaveLength(1);
    const org = def.organizations[0];
    expect(org).toMatchObject({
      id: 'golf_sample_default_org',
      title: 'Golf Explained - CP Single SCO',
      sequencing: null,
      objectivesGlobalToSystem: true,
      sharedDataGlobalToSystem: true,
    });
    expect(org.children).toEqual([
      {
        id: 'item_1',
        identifierref: 'resource_1',
        title: 'Golf Explained',
        isvisible: true,
        parameters: null,
        children: [],
        sequencing: null,
        presentation: { hideLMSUI: [] },
      },
    ]);
  });

  it('reads the item-level delivery controls of RuntimeBasicCalls (2004)', () => {
    const def = parseSequencing(fixture('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition'));
    expect(def.hasSequencing).toBe(true);
    const s = seqOf(def, 'item_1');
    expect(s.idRef).toBeNull();
    expect(s.deliveryControls).toEqual({
      tracked: true,
      completionSetByContent: true,
      objectiveSetByContent: true,
    });
    expect(s.declared).toEqual({ deliveryControls: 'own' });
    expect(def.organizations[0].sequencing?.controlMode).toMatchObject({ choice: true, flow: true });
  });

  it('keeps items without <imsss:sequencing> as null in a sequenced manifest', () => {
    const def = parseSequencing(m2004(item('a', '<imsss:controlMode flow="true"/>') + item('b', null)));
    expect(def.hasSequencing).toBe(true);
    expect(find(def, 'b').sequencing).toBeNull();
    expect(def.organizations[0].sequencing).toBeNull();
  });
});

describe('parseSequencing — constructs', () => {
  it('reads a forced-sequential control mode', () => {
    const def = parseSequencing(
      m2004(
        `${item('a', null)}${item('b', null)}
        <imsss:sequencing><imsss:controlMode choice="false" choiceExit="false" flow="true" forwardOnly="true"
          useCurrentAttemptObjectiveInfo="false" useCurrentAttemptProgressInfo="0"/></imsss:sequencing>`,
      ),
    );
    expect(def.organizations[0].sequencing?.controlMode).toEqual({
      choice: false,
      choiceExit: false,
      flow: true,
      forwardOnly: true,
      useCurrentAttemptObjectiveInfo: false,
      useCurrentAttemptProgressInfo: false,
    });
  });

  it('reads a pre-test that is skipped once satisfied, with condition defaults', () => {
    const def = parseSequencing(
      m2004(
        item(
          'pretest',
          `<imsss:sequencingRules>
            <imsss:preConditionRule>
              <imsss:ruleConditions><imsss:ruleCondition condition="satisfied"/></imsss:ruleConditions>
              <imsss:ruleAction action="skip"/>
            </imsss:preConditionRule>
            <imsss:preConditionRule>
              <imsss:ruleConditions conditionCombination="all">
                <imsss:ruleCondition condition="attempted"/>
                <imsss:ruleCondition operator="not" condition="completed"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="hiddenFromChoice"/>
            </imsss:preConditionRule>
          </imsss:sequencingRules>`,
        ),
      ),
    );
    const rules = seqOf(def, 'pretest').sequencingRules;
    expect(rules.preConditionRules).toEqual([
      {
        conditionCombination: 'all',
        ruleConditions: [
          { referencedObjective: null, measureThreshold: 0, operator: 'noOp', condition: 'satisfied' },
        ],
        action: 'skip',
      },
      {
        conditionCombination: 'all',
        ruleConditions: [
          { referencedObjective: null, measureThreshold: 0, operator: 'noOp', condition: 'attempted' },
          { referencedObjective: null, measureThreshold: 0, operator: 'not', condition: 'completed' },
        ],
        action: 'hiddenFromChoice',
      },
    ]);
    expect(rules.exitConditionRules).toEqual([]);
    expect(rules.postConditionRules).toEqual([]);
  });

  it('reads a post-test that retries when not passed and remediation that exits its parent', () => {
    const def = parseSequencing(
      m2004(`<item identifier="module"><title>Module</title>
        ${item('lesson', null)}
        ${item(
          'posttest',
          `<imsss:sequencingRules>
            <imsss:exitConditionRule>
              <imsss:ruleConditions><imsss:ruleCondition condition="timeLimitExceeded"/></imsss:ruleConditions>
              <imsss:ruleAction action="exit"/>
            </imsss:exitConditionRule>
            <imsss:postConditionRule>
              <imsss:ruleConditions conditionCombination="any">
                <imsss:ruleCondition operator="not" condition="satisfied"/>
                <imsss:ruleCondition referencedObjective="score" measureThreshold="0.8"
                  condition="objectiveMeasureLessThan"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="retry"/>
            </imsss:postConditionRule>
            <imsss:postConditionRule>
              <imsss:ruleConditions><imsss:ruleCondition condition="satisfied"/></imsss:ruleConditions>
              <imsss:ruleAction action="exitParent"/>
            </imsss:postConditionRule>
          </imsss:sequencingRules>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass"/>
            <imsss:objective objectiveID="score"/>
          </imsss:objectives>`,
        )}
        <imsss:sequencing><imsss:sequencingRules>
          <imsss:postConditionRule>
            <imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>
            <imsss:ruleAction action="continue"/>
          </imsss:postConditionRule>
        </imsss:sequencingRules></imsss:sequencing>
      </item>`),
    );
    expect(find(def, 'module').children.map((c) => c.id)).toEqual(['lesson', 'posttest']);
    expect(find(def, 'module').identifierref).toBeNull();
    const rules = seqOf(def, 'posttest').sequencingRules;
    expect(rules.exitConditionRules).toEqual([
      {
        conditionCombination: 'all',
        ruleConditions: [
          {
            referencedObjective: null,
            measureThreshold: 0,
            operator: 'noOp',
            condition: 'timeLimitExceeded',
          },
        ],
        action: 'exit',
      },
    ]);
    expect(rules.postConditionRules).toEqual([
      {
        conditionCombination: 'any',
        ruleConditions: [
          { referencedObjective: null, measureThreshold: 0, operator: 'not', condition: 'satisfied' },
          {
            referencedObjective: 'score',
            measureThreshold: 0.8,
            operator: 'noOp',
            condition: 'objectiveMeasureLessThan',
          },
        ],
        action: 'retry',
      },
      {
        conditionCombination: 'all',
        ruleConditions: [
          { referencedObjective: null, measureThreshold: 0, operator: 'noOp', condition: 'satisfied' },
        ],
        action: 'exitParent',
      },
    ]);
    expect(seqOf(def, 'module').sequencingRules.postConditionRules[0]).toMatchObject({
      ruleConditions: [{ condition: 'always' }],
      action: 'continue',
    });
  });

  it('reads rollup rules with every child activity set', () => {
    const def = parseSequencing(
      m2004(`<item identifier="c"><title>C</title>${item('x', null)}
        <imsss:sequencing>
          <imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="true"
            objectiveMeasureWeight="0.5">
            <imsss:rollupRule>
              <imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>
              <imsss:rollupAction action="satisfied"/>
            </imsss:rollupRule>
            <imsss:rollupRule childActivitySet="any">
              <imsss:rollupConditions conditionCombination="all">
                <imsss:rollupCondition operator="not" condition="satisfied"/>
                <imsss:rollupCondition condition="objectiveStatusKnown"/>
              </imsss:rollupConditions>
              <imsss:rollupAction action="notSatisfied"/>
            </imsss:rollupRule>
            <imsss:rollupRule childActivitySet="none">
              <imsss:rollupConditions><imsss:rollupCondition condition="attempted"/></imsss:rollupConditions>
              <imsss:rollupAction action="incomplete"/>
            </imsss:rollupRule>
            <imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2">
              <imsss:rollupConditions><imsss:rollupCondition condition="completed"/></imsss:rollupConditions>
              <imsss:rollupAction action="completed"/>
            </imsss:rollupRule>
            <imsss:rollupRule childActivitySet="atLeastPercent" minimumPercent="0.75">
              <imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>
              <imsss:rollupAction action="satisfied"/>
            </imsss:rollupRule>
          </imsss:rollupRules>
        </imsss:sequencing></item>`),
    );
    const r = seqOf(def, 'c').rollupRules;
    expect(r).toMatchObject({
      rollupObjectiveSatisfied: false,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 0.5,
    });
    expect(r.rollupRules).toEqual([
      {
        childActivitySet: 'all',
        minimumCount: 0,
        minimumPercent: 0,
        conditionCombination: 'any',
        rollupConditions: [{ operator: 'noOp', condition: 'satisfied' }],
        action: 'satisfied',
      },
      {
        childActivitySet: 'any',
        minimumCount: 0,
        minimumPercent: 0,
        conditionCombination: 'all',
        rollupConditions: [
          { operator: 'not', condition: 'satisfied' },
          { operator: 'noOp', condition: 'objectiveStatusKnown' },
        ],
        action: 'notSatisfied',
      },
      {
        childActivitySet: 'none',
        minimumCount: 0,
        minimumPercent: 0,
        conditionCombination: 'any',
        rollupConditions: [{ operator: 'noOp', condition: 'attempted' }],
        action: 'incomplete',
      },
      {
        childActivitySet: 'atLeastCount',
        minimumCount: 2,
        minimumPercent: 0,
        conditionCombination: 'any',
        rollupConditions: [{ operator: 'noOp', condition: 'completed' }],
        action: 'completed',
      },
      {
        childActivitySet: 'atLeastPercent',
        minimumCount: 0,
        minimumPercent: 0.75,
        conditionCombination: 'any',
        rollupConditions: [{ operator: 'noOp', condition: 'satisfied' }],
        action: 'satisfied',
      },
    ]);
  });

  it('reads limit conditions', () => {
    const def = parseSequencing(
      m2004(
        item(
          'quiz',
          `<imsss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT1H30M"
            activityAbsoluteDurationLimit="P1DT0.5S" beginTimeLimit="2024-01-31T09:00:00Z"/>`,
        ),
      ),
    );
    expect(seqOf(def, 'quiz').limitConditions).toEqual({
      attemptLimit: 3,
      attemptAbsoluteDurationLimit: 'PT1H30M',
      attemptExperiencedDurationLimit: null,
      activityAbsoluteDurationLimit: 'P1DT0.5S',
      activityExperiencedDurationLimit: null,
      beginTimeLimit: '2024-01-31T09:00:00Z',
      endTimeLimit: null,
    });
  });

  it('reads randomization and delivery controls and auxiliary resources', () => {
    const def = parseSequencing(
      m2004(`<item identifier="pool"><title>Pool</title>${item('q1', null)}${item('q2', null)}${item('q3', null)}
        <imsss:sequencing>
          <imsss:auxiliaryResources>
            <imsss:auxiliaryResource auxiliaryResourceID="urn:glossary" purpose="glossary"/>
          </imsss:auxiliaryResources>
          <imsss:randomizationControls randomizationTiming="onEachNewAttempt" selectCount="2"
            reorderChildren="true" selectionTiming="once"/>
          <imsss:deliveryControls tracked="false" completionSetByContent="1" objectiveSetByContent="true"/>
        </imsss:sequencing></item>`),
    );
    const s = seqOf(def, 'pool');
    expect(s.randomizationControls).toEqual({
      randomizationTiming: 'onEachNewAttempt',
      selectCount: 2,
      reorderChildren: true,
      selectionTiming: 'once',
    });
    expect(s.deliveryControls).toEqual({
      tracked: false,
      completionSetByContent: true,
      objectiveSetByContent: true,
    });
    expect(s.auxiliaryResources).toEqual([{ auxiliaryResourceID: 'urn:glossary', purpose: 'glossary' }]);
    expect(Object.keys(s.declared).sort()).toEqual([
      'auxiliaryResources',
      'deliveryControls',
      'randomizationControls',
    ]);
  });

  it('reads local and global objectives with every mapInfo flag', () => {
    const def = parseSequencing(
      m2004(
        item(
          'sco',
          `<imsss:objectives>
            <imsss:primaryObjective objectiveID="main" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
              <imsss:mapInfo targetObjectiveID="g.main" readSatisfiedStatus="false" readNormalizedMeasure="false"
                writeSatisfiedStatus="true" writeNormalizedMeasure="true"/>
              <imsss:mapInfo targetObjectiveID="g.copy"/>
            </imsss:primaryObjective>
            <imsss:objective objectiveID="local-only">
              <imsss:minNormalizedMeasure>-0.5</imsss:minNormalizedMeasure>
            </imsss:objective>
            <imsss:objective objectiveID="shared">
              <imsss:mapInfo targetObjectiveID="g.main"/>
            </imsss:objective>
          </imsss:objectives>`,
        ) + item('unnamed', '<imsss:objectives><imsss:primaryObjective/></imsss:objectives>'),
      ),
    );
    expect(seqOf(def, 'sco').objectives).toEqual({
      primaryObjective: {
        objectiveID: 'main',
        satisfiedByMeasure: true,
        minNormalizedMeasure: 0.8,
        mapInfo: [
          {
            targetObjectiveID: 'g.main',
            readSatisfiedStatus: false,
            readNormalizedMeasure: false,
            writeSatisfiedStatus: true,
            writeNormalizedMeasure: true,
          },
          {
            targetObjectiveID: 'g.copy',
            readSatisfiedStatus: true,
            readNormalizedMeasure: true,
            writeSatisfiedStatus: false,
            writeNormalizedMeasure: false,
          },
        ],
      },
      objectives: [
        { objectiveID: 'local-only', satisfiedByMeasure: false, minNormalizedMeasure: -0.5, mapInfo: [] },
        {
          objectiveID: 'shared',
          satisfiedByMeasure: false,
          minNormalizedMeasure: 1,
          mapInfo: [
            {
              targetObjectiveID: 'g.main',
              readSatisfiedStatus: true,
              readNormalizedMeasure: true,
              writeSatisfiedStatus: false,
              writeNormalizedMeasure: false,
            },
          ],
        },
      ],
    });
    expect(seqOf(def, 'unnamed').objectives.primaryObjective).toEqual({
      objectiveID: null,
      satisfiedByMeasure: false,
      minNormalizedMeasure: 1,
      mapInfo: [],
    });
    expect(def.globalObjectiveIds).toEqual(['g.copy', 'g.main']);
  });

  it('reads the ADL sequencing extensions and organisation flags', () => {
    const def = parseSequencing(
      m2004(
        item(
          'sco',
          `<imsss:objectives>
            <imsss:primaryObjective objectiveID="obj1">
              <imsss:mapInfo targetObjectiveID="g.status"/>
            </imsss:primaryObjective>
          </imsss:objectives>
          <adlseq:constrainedChoiceConsiderations preventActivation="true" constrainChoice="true"/>
          <adlseq:rollupConsiderations requiredForSatisfied="ifAttempted" requiredForNotSatisfied="ifNotSkipped"
            requiredForCompleted="ifNotSuspended" measureSatisfactionIfActive="false"/>
          <adlseq:objectives>
            <adlseq:objective objectiveID="obj1">
              <adlseq:mapInfo targetObjectiveID="g.score" writeRawScore="true" writeMinScore="true"
                writeMaxScore="true" writeCompletionStatus="true" writeProgressMeasure="true"
                readRawScore="false" readCompletionStatus="false"/>
              <adlseq:mapInfo targetObjectiveID="g.status"/>
            </adlseq:objective>
          </adlseq:objectives>`,
        ),
        { orgAttrs: 'adlseq:objectivesGlobalToSystem="false" adlcp:sharedDataGlobalToSystem="false"' },
      ),
    );
    const org = def.organizations[0];
    expect(org.objectivesGlobalToSystem).toBe(false);
    expect(org.sharedDataGlobalToSystem).toBe(false);
    const s = seqOf(def, 'sco');
    expect(s.constrainedChoiceConsiderations).toEqual({ preventActivation: true, constrainChoice: true });
    expect(s.rollupConsiderations).toEqual({
      requiredForSatisfied: 'ifAttempted',
      requiredForNotSatisfied: 'ifNotSkipped',
      requiredForCompleted: 'ifNotSuspended',
      requiredForIncomplete: 'always',
      measureSatisfactionIfActive: false,
    });
    // The IMS SS objectives are not confused with the ADL ones of the same local name.
    expect(s.objectives.primaryObjective?.objectiveID).toBe('obj1');
    expect(s.objectives.objectives).toEqual([]);
    expect(s.adlObjectives).toEqual([
      {
        objectiveID: 'obj1',
        mapInfo: [
          {
            targetObjectiveID: 'g.score',
            readRawScore: false,
            readMinScore: true,
            readMaxScore: true,
            readCompletionStatus: false,
            readProgressMeasure: true,
            writeRawScore: true,
            writeMinScore: true,
            writeMaxScore: true,
            writeCompletionStatus: true,
            writeProgressMeasure: true,
          },
          {
            targetObjectiveID: 'g.status',
            readRawScore: true,
            readMinScore: true,
            readMaxScore: true,
            readCompletionStatus: true,
            readProgressMeasure: true,
            writeRawScore: false,
            writeMinScore: false,
            writeMaxScore: false,
            writeCompletionStatus: false,
            writeProgressMeasure: false,
          },
        ],
      },
    ]);
    expect(s.declared).toEqual({
      objectives: 'own',
      constrainedChoiceConsiderations: 'own',
      rollupConsiderations: 'own',
      adlObjectives: 'own',
    });
    expect(def.globalObjectiveIds).toEqual(['g.score', 'g.status']);
  });

  it('tells ADL objectives apart by namespace, whatever the prefixes', () => {
    const xml = `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
        xmlns:ss="http://www.imsglobal.org/xsd/imsss" xmlns:ext="http://www.adlnet.org/xsd/adlseq_v1p3">
      <organizations><organization identifier="o"><title>O</title>
        <item identifier="i"><title>I</title>
          <ss:sequencing>
            <ss:objectives><ss:primaryObjective objectiveID="p"/></ss:objectives>
            <ext:objectives><ext:objective objectiveID="p"><ext:mapInfo targetObjectiveID="g"/></ext:objective></ext:objectives>
          </ss:sequencing>
        </item>
        <sequencing xmlns="http://www.imsglobal.org/xsd/imsss"><controlMode flow="true"/></sequencing>
      </organization></organizations>
    </manifest>`;
    const def = parseSequencing(xml);
    const s = seqOf(def, 'i');
    expect(s.objectives.primaryObjective?.objectiveID).toBe('p');
    expect(s.adlObjectives.map((o) => [o.objectiveID, o.mapInfo[0].targetObjectiveID])).toEqual([['p', 'g']]);
    expect(def.organizations[0].sequencing?.controlMode.flow).toBe(true);
    expect(def.defaultOrganization).toBe('o');
  });

  it('reads navigation presentation, visibility and parameters', () => {
    const def = parseSequencing(
      m2004(`<item identifier="a" identifierref="r" isvisible="false" parameters="?page=2&amp;x=1">
          <title>A</title>
          <adlnav:presentation><adlnav:navigationInterface>
            <adlnav:hideLMSUI>continue</adlnav:hideLMSUI>
            <adlnav:hideLMSUI>previous</adlnav:hideLMSUI>
            <adlnav:hideLMSUI>continue</adlnav:hideLMSUI>
            <adlnav:hideLMSUI>suspendAll</adlnav:hideLMSUI>
          </adlnav:navigationInterface></adlnav:presentation>
        </item>`),
    );
    const a = find(def, 'a');
    expect(a.isvisible).toBe(false);
    expect(a.parameters).toBe('?page=2&x=1');
    expect(a.presentation).toEqual({ hideLMSUI: ['continue', 'previous', 'suspendAll'] });
    expect(a.sequencing).toBeNull();
    expect(def.hasSequencing).toBe(false);
  });

  it('lays an item’s own elements over its sequencing-collection entry, element by element', () => {
    const collection = `
      <imsss:sequencing ID="shared">
        <imsss:controlMode choice="false" flow="true"/>
        <imsss:limitConditions attemptLimit="1"/>
        <imsss:objectives><imsss:primaryObjective objectiveID="base"/></imsss:objectives>
        <imsss:deliveryControls tracked="false"/>
      </imsss:sequencing>
      <imsss:sequencing ID="other"><imsss:randomizationControls selectCount="1"/></imsss:sequencing>`;
    const def = parseSequencing(
      m2004(
        item('plain', '', 'IDRef="shared"') +
          item(
            'override',
            '<imsss:controlMode forwardOnly="true"/><imsss:limitConditions/>',
            'IDRef="shared"',
          ) +
          item('other', '<imsss:deliveryControls completionSetByContent="true"/>', 'IDRef="other"'),
        { collection },
      ),
    );
    const plain = seqOf(def, 'plain');
    expect(plain.idRef).toBe('shared');
    expect(plain.controlMode).toMatchObject({ choice: false, flow: true, forwardOnly: false });
    expect(plain.limitConditions.attemptLimit).toBe(1);
    expect(plain.objectives.primaryObjective?.objectiveID).toBe('base');
    expect(plain.deliveryControls.tracked).toBe(false);
    expect(plain.declared).toEqual({
      controlMode: 'collection',
      limitConditions: 'collection',
      objectives: 'collection',
      deliveryControls: 'collection',
    });

    // The item's controlMode replaces the collection's whole element: choice and flow fall back
    // to their XSD defaults rather than the collection's values.
    const override = seqOf(def, 'override');
    expect(override.controlMode).toEqual({ ...defaultSequencing().controlMode, forwardOnly: true });
    expect(override.limitConditions.attemptLimit).toBeNull();
    expect(override.objectives.primaryObjective?.objectiveID).toBe('base');
    expect(override.deliveryControls.tracked).toBe(false);
    expect(override.declared).toMatchObject({
      controlMode: 'own',
      limitConditions: 'own',
      objectives: 'collection',
    });

    const other = seqOf(def, 'other');
    expect(other.randomizationControls.selectCount).toBe(1);
    expect(other.deliveryControls).toEqual({
      tracked: true,
      completionSetByContent: true,
      objectiveSetByContent: false,
    });
  });

  it('fills in every XSD default for elements written without attributes', () => {
    const def = parseSequencing(
      m2004(
        item('empty', '') +
          item(
            'bare',
            `<imsss:controlMode/><imsss:sequencingRules/><imsss:limitConditions/><imsss:auxiliaryResources/>
            <imsss:rollupRules/><imsss:objectives><imsss:primaryObjective/></imsss:objectives>
            <imsss:randomizationControls/><imsss:deliveryControls/>
            <adlseq:constrainedChoiceConsiderations/><adlseq:rollupConsiderations/><adlseq:objectives/>`,
          ),
      ),
    );
    expect(seqOf(def, 'empty')).toEqual(defaultSequencing());
    const bare = seqOf(def, 'bare');
    const { declared, objectives, ...rest } = bare;
    const { declared: _d, objectives: _o, ...defaults } = defaultSequencing();
    expect(rest).toEqual(defaults);
    expect(objectives.primaryObjective).toEqual({
      objectiveID: null,
      satisfiedByMeasure: false,
      minNormalizedMeasure: 1,
      mapInfo: [],
    });
    expect(Object.keys(declared)).toHaveLength(11);
    expect(Object.values(declared).every((v) => v === 'own')).toBe(true);
    expect(defaultSequencing()).toEqual({
      idRef: null,
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
      declared: {},
    });
  });

  it('matches names and vocabulary case-insensitively and treats blank attributes as absent', () => {
    const def = parseSequencing(
      m2004(
        item(
          'a',
          `<IMSSS:CONTROLMODE FLOW="TRUE" choice=" "/>
          <imsss:sequencingRules><imsss:preConditionRule>
            <imsss:ruleConditions conditionCombination="ANY">
              <imsss:ruleCondition operator="NOT" condition="OBJECTIVESTATUSKNOWN" measureThreshold=""/>
            </imsss:ruleConditions>
            <imsss:ruleAction action="stopforwardtraversal"/>
          </imsss:preConditionRule></imsss:sequencingRules>`,
        ),
      ),
    );
    const s = seqOf(def, 'a');
    expect(s.controlMode).toMatchObject({ flow: true, choice: true });
    expect(s.sequencingRules.preConditionRules[0]).toEqual({
      conditionCombination: 'any',
      ruleConditions: [
        {
          referencedObjective: null,
          measureThreshold: 0,
          operator: 'not',
          condition: 'objectiveStatusKnown',
        },
      ],
      action: 'stopForwardTraversal',
    });
  });
});

describe('parseSequencing — errors', () => {
  it('refuses an IDRef with no sequencing-collection entry, naming the item and the id', () => {
    const err = expectError(
      m2004(item('lesson', '', 'IDRef="nowhere"'), { collection: '<imsss:sequencing ID="somewhere"/>' }),
      'UNKNOWN_SEQUENCING_ID',
      'Item "lesson title" (lesson)',
      '"nowhere"',
    );
    expect(err.message).toMatch(/no <imsss:sequencing> with ID "nowhere"/);
    expectError(m2004(item('lesson', '', 'IDRef="nowhere"')), 'UNKNOWN_SEQUENCING_ID', '"nowhere"');
  });

  it('refuses a non-numeric attemptLimit, naming the item, attribute and value', () => {
    const err = expectError(
      m2004(item('quiz', '<imsss:limitConditions attemptLimit="abc"/>')),
      'INVALID_VALUE',
      'Item "quiz title" (quiz)',
      'attemptLimit="abc"',
    );
    expect(err.message).toContain('whole number');
    expectError(m2004(item('quiz', '<imsss:limitConditions attemptLimit="-1"/>')), 'INVALID_VALUE', '"-1"');
    expectError(m2004(item('quiz', '<imsss:limitConditions attemptLimit="1.5"/>')), 'INVALID_VALUE', '"1.5"');
  });

  it('refuses a condition outside the XSD vocabulary', () => {
    const rule = (condition: string): string =>
      `<imsss:sequencingRules><imsss:preConditionRule>
        <imsss:ruleConditions><imsss:ruleCondition condition="${condition}"/></imsss:ruleConditions>
        <imsss:ruleAction action="skip"/>
      </imsss:preConditionRule></imsss:sequencingRules>`;
    const err = expectError(m2004(item('a', rule('passed'))), 'INVALID_VALUE', '(a)', 'condition="passed"');
    expect(err.message).toContain('"objectiveStatusKnown"');
    // Valid for sequencing rules, not for rollup rules.
    expectError(
      m2004(`<item identifier="c"><title>C</title>${item('x', null)}<imsss:sequencing><imsss:rollupRules>
        <imsss:rollupRule><imsss:rollupConditions><imsss:rollupCondition condition="always"/></imsss:rollupConditions>
        <imsss:rollupAction action="completed"/></imsss:rollupRule></imsss:rollupRules></imsss:sequencing></item>`),
      'INVALID_VALUE',
      'Item "C" (c)',
      'condition="always"',
    );
    expectError(m2004(item('a', rule(''))), 'MISSING_VALUE', '"condition"');
  });

  it('refuses an action that does not belong to the rule type', () => {
    expectError(
      m2004(
        item(
          'a',
          `<imsss:sequencingRules><imsss:preConditionRule>
            <imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>
            <imsss:ruleAction action="retry"/>
          </imsss:preConditionRule></imsss:sequencingRules>`,
        ),
      ),
      'INVALID_VALUE',
      'action="retry"',
    );
    expectError(
      m2004(
        item(
          'a',
          '<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions></imsss:postConditionRule></imsss:sequencingRules>',
        ),
      ),
      'MISSING_VALUE',
      'ruleAction',
    );
  });

  it('refuses measures, percentages and weights outside their ranges', () => {
    expectError(
      m2004(
        item(
          'a',
          '<imsss:objectives><imsss:primaryObjective><imsss:minNormalizedMeasure>1.5</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>',
        ),
      ),
      'INVALID_VALUE',
      '(a)',
      'minNormalizedMeasure>1.5<',
    );
    expectError(
      m2004(
        item(
          'a',
          '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="objectiveMeasureGreaterThan" measureThreshold="-2"/></imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule></imsss:sequencingRules>',
        ),
      ),
      'INVALID_VALUE',
      'measureThreshold="-2"',
    );
    expectError(
      m2004(item('a', '<imsss:rollupRules objectiveMeasureWeight="2"/>')),
      'INVALID_VALUE',
      'objectiveMeasureWeight="2"',
    );
    expectError(
      m2004(
        item(
          'a',
          '<imsss:rollupRules><imsss:rollupRule childActivitySet="atLeastPercent" minimumPercent="75"><imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="satisfied"/></imsss:rollupRule></imsss:rollupRules>',
        ),
      ),
      'INVALID_VALUE',
      'minimumPercent="75"',
    );
  });

  it('refuses malformed booleans, counts, durations and navigation values', () => {
    expectError(m2004(item('a', '<imsss:controlMode flow="yes"/>')), 'INVALID_VALUE', 'flow="yes"');
    expectError(
      m2004(item('a', '<imsss:randomizationControls selectCount="two"/>')),
      'INVALID_VALUE',
      'selectCount="two"',
    );
    expectError(
      m2004(item('a', '<imsss:randomizationControls randomizationTiming="always"/>')),
      'INVALID_VALUE',
      'randomizationTiming="always"',
    );
    expectError(
      m2004(item('a', '<imsss:limitConditions attemptAbsoluteDurationLimit="90 minutes"/>')),
      'INVALID_VALUE',
      'attemptAbsoluteDurationLimit="90 minutes"',
    );
    expectError(
      m2004(item('a', '<adlseq:rollupConsiderations requiredForCompleted="never"/>')),
      'INVALID_VALUE',
      'requiredForCompleted="never"',
    );
    expectError(
      m2004(
        '<item identifier="a"><title>A</title><adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>menu</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation></item>',
      ),
      'INVALID_VALUE',
      'Item "A" (a)',
      'menu',
    );
    expectError(
      m2004(item('a', null), { orgAttrs: 'adlseq:objectivesGlobalToSystem="no"' }),
      'INVALID_VALUE',
      'Organisation "Course" (org)',
      'objectivesGlobalToSystem="no"',
    );
  });

  it('names the sequencing-collection entry when the error is there', () => {
    expectError(
      m2004(item('a', '', 'IDRef="s"'), {
        collection: '<imsss:sequencing ID="s"><imsss:deliveryControls tracked="maybe"/></imsss:sequencing>',
      }),
      'INVALID_VALUE',
      'Sequencing collection entry "s"',
      'tracked="maybe"',
    );
    expectError(
      m2004(item('a', null), {
        collection: '<imsss:sequencing ID="s"/><imsss:sequencing ID="s"/>',
      }),
      'DUPLICATE_SEQUENCING_ID',
      '"s"',
    );
  });

  it('refuses required identifiers that are missing', () => {
    expectError(
      m2004(item('a', '<imsss:objectives><imsss:primaryObjective/><imsss:objective/></imsss:objectives>')),
      'MISSING_VALUE',
      '"objectiveID"',
    );
    expectError(
      m2004(
        item(
          'a',
          '<imsss:objectives><imsss:primaryObjective><imsss:mapInfo/></imsss:primaryObjective></imsss:objectives>',
        ),
      ),
      'MISSING_VALUE',
      '"targetObjectiveID"',
    );
    expectError(m2004('<item><title>Nameless</title></item>'), 'MISSING_IDENTIFIER', 'Nameless');
  });

  it('refuses DOCTYPE and ENTITY declarations before parsing', () => {
    const xml = m2004(item('a', null));
    const withDoctype = xml.replace('<manifest', '<!DOCTYPE manifest [<!ENTITY x "boom">]>\n<manifest');
    expectError(withDoctype, 'DOCTYPE', 'DOCTYPE');
    expectError(xml.replace('<manifest', '<!ENTITY x SYSTEM "file:///etc/passwd">\n<manifest'), 'DOCTYPE');
  });

  it('refuses text that is not a manifest', () => {
    expectError('', 'NOT_XML');
    expectError('<manifest><organizations>', 'NOT_XML');
    expectError('<package/>', 'NOT_A_MANIFEST', '<package>');
  });
});
