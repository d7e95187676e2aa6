import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  joinLaunch,
  ManifestError,
  missingFiles,
  parseManifest,
  type ManifestErrorCode,
} from './manifest.js';

const FIXTURES = '/work/shared/scorm/fixtures';

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name, 'imsmanifest.xml'), 'utf8');
}

function filesIn(dir: string): Set<string> {
  const out = new Set<string>();
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) visit(full);
      else out.add(relative(dir, full).split(sep).join('/'));
    }
  };
  visit(dir);
  return out;
}

function errorOf(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

function expectCode(xml: string, code: ManifestErrorCode): ManifestError {
  const err = errorOf(() => parseManifest(xml));
  expect(err.code).toBe(code);
  return err;
}

/** A minimal SCORM 1.2 manifest; `resources` and `items` are spliced in. */
function m12(items: string, resources: string, attrs = '', resourcesAttrs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m1" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" ${attrs}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1"><title>Course</title>${items}</organization>
  </organizations>
  <resources ${resourcesAttrs}>${resources}</resources>
</manifest>`;
}

const ONE_ITEM = '<item identifier="i1" identifierref="r1"><title>Lesson</title></item>';

function m2004(schemaversion: string | null, extraNs = '', body = ''): string {
  const meta =
    schemaversion === null ? '' : `<metadata><schemaversion>${schemaversion}</schemaversion></metadata>`;
  return `<manifest identifier="m2" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" ${extraNs}>
  ${meta}
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i1" identifierref="r1"><title>L</title></item>${body}
  </organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="index.html"/></resources>
</manifest>`;
}

const ADLCP13 = 'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"';

describe('parseManifest — valid fixtures', () => {
  const single = [
    ['scorm12/RuntimeBasicCalls_SCORM12', '1.2'],
    ['scorm12/ContentPackagingSingleSCO_SCORM12', '1.2'],
    ['scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', '2004-3rd'],
    ['scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition', '2004-3rd'],
  ] as const;

  it.each(single)('%s parses as SCORM %s with one SCO', (name, version) => {
    const m = parseManifest(fixture(name));
    expect(m.version).toBe(version);
    expect(m.scos).toHaveLength(1);
    expect(m.scos[0]).toMatchObject({ itemIdentifier: 'item_1', resourceId: 'resource_1' });
    expect(m.scos[0].launch).toBe('shared/launchpage.html');
    expect(m.defaultOrganization).toBe('golf_sample_default_org');
    expect(m.resources[0].scormType).toBe('sco');
  });

  it('ContentPackagingSingleSCO_SCORM12 references only files that exist', () => {
    const name = 'scorm12/ContentPackagingSingleSCO_SCORM12';
    expect(missingFiles(parseManifest(fixture(name)), filesIn(join(FIXTURES, name)))).toEqual([]);
  });

  it('RuntimeBasicCalls_SCORM20043rdEdition has sequencing', () => {
    expect(parseManifest(fixture('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition')).hasSequencing).toBe(
      true,
    );
    expect(parseManifest(fixture('scorm12/RuntimeBasicCalls_SCORM12')).hasSequencing).toBe(false);
  });

  it('SequencingForcedSequential_SCORM20043rdEdition lists five SCOs in order with parameters', () => {
    const name = 'scorm2004/SequencingForcedSequential_SCORM20043rdEdition';
    const m = parseManifest(fixture(name));
    expect(m.version).toBe('2004-3rd');
    expect(m.hasSequencing).toBe(true);
    expect(m.title).toBe('Golf Explained - Sequencing Forced Order');
    expect(m.scos.map((s) => s.itemIdentifier)).toEqual([
      'playing_item',
      'etuqiette_item',
      'handicapping_item',
      'havingfun_item',
      'assessment_item',
    ]);
    expect(m.scos.map((s) => s.launch)).toEqual([
      'shared/launchpage.html?content=playing',
      'shared/launchpage.html?content=etiquette',
      'shared/launchpage.html?content=handicapping',
      'shared/launchpage.html?content=havingfun',
      'shared/launchpage.html?content=assessment',
    ]);
    const common = m.resources.find((r) => r.identifier === 'common_files');
    expect(common).toMatchObject({ scormType: 'asset', href: null });
    expect(m.resources[0].href).toBe('shared/launchpage.html');
    expect(m.resources[0].dependencies).toEqual(['common_files']);
    expect(missingFiles(m, filesIn(join(FIXTURES, name)))).toEqual([]);
  });
});

describe('parseManifest — invalid fixtures', () => {
  it('MalformedXml_SCORM12 → NOT_XML naming the line', () => {
    const err = expectCode(fixture('scorm12/MalformedXml_SCORM12'), 'NOT_XML');
    expect(err.message).toMatch(/line \d+/);
  });

  it('MissingLaunchUrl_SCORM12 → MISSING_LAUNCH naming the resource', () => {
    const err = expectCode(fixture('scorm12/MissingLaunchUrl_SCORM12'), 'MISSING_LAUNCH');
    expect(err.message).toContain('resource_1');
  });

  it('InvalidFileReferences_SCORM12 parses but every referenced file is missing', () => {
    const name = 'scorm12/InvalidFileReferences_SCORM12';
    const m = parseManifest(fixture(name));
    expect(missingFiles(m, filesIn(join(FIXTURES, name)))).toEqual([
      { path: 'content/nonexistent.html', resource: 'resource_1' },
      { path: 'content/nonexistent.js', resource: 'resource_1' },
      { path: 'content/nonexistent.css', resource: 'resource_1' },
      { path: 'content/nonexistent_asset.html', resource: 'resource_2' },
    ]);
  });

  it('InvalidMissingOrgIdentifier_SCORM20043rdEdition → MISSING_IDENTIFIER', () => {
    const err = expectCode(
      fixture('scorm2004/InvalidMissingOrgIdentifier_SCORM20043rdEdition'),
      'MISSING_IDENTIFIER',
    );
    expect(err.message).toContain('organisation');
  });
});

describe('parseManifest — XML safety', () => {
  it('refuses DOCTYPE with an external entity (XXE)', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${m12(ONE_ITEM, '').replace(/^<\?xml[^>]*>/, '')}`;
    const err = expectCode(xml, 'DOCTYPE');
    expect(err.message).toMatch(
      /^The manifest contains a DOCTYPE or entity declaration, which is not allowed/,
    );
  });

  it('refuses billion laughs', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<manifest identifier="&lol3;"/>`;
    expectCode(xml, 'DOCTYPE');
  });

  it('refuses entity declarations and doctype in any case', () => {
    expectCode('<!doctype manifest><manifest identifier="x"/>', 'DOCTYPE');
    expectCode('<manifest identifier="x"><!-- <!entity a "b"> --></manifest>', 'DOCTYPE');
  });

  it('does not expand undeclared entity references, but decodes predefined ones', () => {
    const m = parseManifest(
      m12(
        '<item identifier="i1" identifierref="r1" parameters="a=1&amp;b=2"><title>Fish &amp; chips &#169; &xxe;</title></item>',
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>',
      ),
    );
    expect(m.scos[0].title).toBe('Fish & chips © &xxe;');
    expect(m.scos[0].launch).toBe('index.html?a=1&b=2');
  });

  it('malformed XML → NOT_XML; empty → NOT_XML', () => {
    expectCode('<manifest identifier="x"><organizations></manifest>', 'NOT_XML');
    expectCode('not xml at all', 'NOT_XML');
    expectCode('   ', 'NOT_XML');
  });

  it('root element not manifest → NOT_A_MANIFEST; prefixed manifest is accepted', () => {
    expectCode('<html><body/></html>', 'NOT_A_MANIFEST');
    const prefixed = `<imscp:manifest identifier="p" xmlns:imscp="http://www.imsglobal.org/xsd/imscp_v1p1" ${ADLCP13}>
      <imscp:metadata><imscp:schemaversion>2004 4th Edition</imscp:schemaversion></imscp:metadata>
      <imscp:organizations><imscp:organization identifier="o"><imscp:title>P</imscp:title>
        <imscp:item identifier="i" identifierref="r"><imscp:title>I</imscp:title>
          <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
        </imscp:item>
      </imscp:organization></imscp:organizations>
      <imscp:resources><imscp:resource identifier="r" type="webcontent" adlcp:scormType="sco" href="a.html"/></imscp:resources>
    </imscp:manifest>`;
    const m = parseManifest(prefixed);
    expect(m.version).toBe('2004-4th');
    expect(m.scos).toEqual([
      {
        itemIdentifier: 'i',
        resourceId: 'r',
        title: 'I',
        launch: 'a.html',
        masteryScore: null,
        completionThreshold: 0.8,
      },
    ]);
  });
});

describe('parseManifest — version detection', () => {
  it.each([
    ['1.2', '1.2'],
    ['CAM 1.3', '2004-2nd'],
    ['2004 2nd Edition', '2004-2nd'],
    ['2004 3rd Edition', '2004-3rd'],
    ['2004  4th  edition', '2004-4th'],
  ] as const)('schemaversion "%s" → %s', (sv, version) => {
    expect(parseManifest(m2004(sv, ADLCP13)).version).toBe(version);
  });

  it('infers 1.2 from the adlcp_rootv1p2 namespace when schemaversion is missing', () => {
    const xml = m12(
      ONE_ITEM,
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>',
    ).replace(/<metadata>.*<\/metadata>/, '');
    expect(parseManifest(xml).version).toBe('1.2');
  });

  it('infers 2004-3rd from 2004 namespaces, 2004-4th when shared data is used', () => {
    expect(parseManifest(m2004(null, ADLCP13)).version).toBe('2004-3rd');
    expect(
      parseManifest(m2004('anything', `${ADLCP13} xmlns:imsss="http://www.imsglobal.org/xsd/imsss"`)).version,
    ).toBe('2004-3rd');
    const data = '<adlcp:data><adlcp:map targetID="x"/></adlcp:data>';
    expect(parseManifest(m2004(null, ADLCP13, data)).version).toBe('2004-4th');
  });

  it('no schemaversion and no SCORM namespaces → UNKNOWN_VERSION', () => {
    const xml = m2004(null, 'xmlns:adlcp="urn:other"');
    expectCode(xml, 'UNKNOWN_VERSION');
    const err = expectCode(m2004('3.0', 'xmlns:adlcp="urn:other"'), 'UNKNOWN_VERSION');
    expect(err.message).toContain('"3.0"');
  });
});

describe('parseManifest — paths and xml:base', () => {
  const sco = (href: string, files = '', attrs = ''): string =>
    `<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="${href}" ${attrs}>${files}</resource>`;

  it('chains xml:base from manifest, resources and resource', () => {
    const m = parseManifest(
      m12(
        ONE_ITEM,
        sco(
          './lesson/../index.html?x=1',
          '<file href="img/a%20b.png"/><file href="./js/app.js#frag"/>',
          'xml:base="c/"',
        ),
        'xml:base="course/"',
        'xml:base="v1"',
      ),
    );
    const r = m.resources[0];
    expect(r.href).toBe('course/v1/c/index.html');
    expect(r.files).toEqual(['course/v1/c/img/a b.png', 'course/v1/c/js/app.js']);
    expect(m.scos[0].launch).toBe('course/v1/c/index.html?x=1');
  });

  it('re-encodes decoded path segments in the launch URL', () => {
    const m = parseManifest(m12(ONE_ITEM, sco('my%20course/start page.html')));
    expect(m.resources[0].href).toBe('my course/start page.html');
    expect(m.scos[0].launch).toBe('my%20course/start%20page.html');
  });

  it('a base may climb with .. as long as it stays inside the package', () => {
    const m = parseManifest(m12(ONE_ITEM, sco('../shared/a.html', '', 'xml:base="x/y/"')));
    expect(m.resources[0].href).toBe('x/shared/a.html');
  });

  it.each([
    ['../outside.html', ''],
    ['a/../../outside.html', ''],
    ['/etc/passwd', ''],
    ['http://evil.example/x.html', ''],
    ['content\\index.html', ''],
    ['%2e%2e/outside.html', ''],
    ['index.html', '<file href="../../secret.txt"/>'],
    ['index.html', '<file href="file:///etc/passwd"/>'],
  ])('refuses %s %s escaping the package root', (href, files) => {
    const err = expectCode(m12(ONE_ITEM, sco(href, files)), 'MISSING_RESOURCE');
    expect(err.message).toContain('"r1"');
    expect(err.message).toContain('outside the package');
    expect(err.message).toContain(files ? /href="([^"]*)"/.exec(files)?.[1] : href);
  });

  it('refuses an xml:base that escapes the root', () => {
    expectCode(m12(ONE_ITEM, sco('a.html', '', 'xml:base="../"')), 'MISSING_RESOURCE');
    expectCode(m12(ONE_ITEM, sco('a.html'), 'xml:base="../"'), 'MISSING_RESOURCE');
    expectCode(m12(ONE_ITEM, sco('a.html'), '', 'xml:base="http://cdn.example/"'), 'MISSING_RESOURCE');
  });
});

describe('parseManifest — launch parameters', () => {
  it.each([
    ['index.html', '?a=1', 'index.html?a=1'],
    ['index.html', 'a=1', 'index.html?a=1'],
    ['index.html?a=1', '&b=2', 'index.html?a=1&b=2'],
    ['index.html?a=1', '?b=2', 'index.html?a=1&b=2'],
    ['index.html?a=1', 'b=2', 'index.html?a=1&b=2'],
    ['index.html#top', '?a=1', 'index.html?a=1#top'],
    ['index.html', '#page2', 'index.html#page2'],
    ['index.html', '', 'index.html'],
  ])('%s + %s → %s', (href, params, launch) => {
    const m = parseManifest(
      m12(
        `<item identifier="i1" identifierref="r1" parameters="${params}"><title>L</title></item>`,
        `<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="${href}"/>`,
      ),
    );
    expect(m.scos[0].launch).toBe(launch);
  });

  it('joinLaunch handles a null parameter', () => {
    expect(joinLaunch('a.html', null)).toBe('a.html');
  });
});

describe('parseManifest — item data', () => {
  const res = '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>';

  it('reads SCORM 1.2 item extensions', () => {
    const m = parseManifest(
      m12(
        `<item identifier="i1" identifierref="r1" isvisible="false"><title>L</title>
          <adlcp:masteryscore> 80 </adlcp:masteryscore>
          <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
          <adlcp:timelimitaction>exit,message</adlcp:timelimitaction>
          <adlcp:datafromlms>mode=quiz</adlcp:datafromlms>
          <adlcp:prerequisites type="aicc_script">i0</adlcp:prerequisites>
        </item>`,
        res,
      ),
    );
    expect(m.organizations[0].items[0]).toMatchObject({
      isVisible: false,
      masteryScore: 80,
      maxTimeAllowed: '00:30:00',
      timeLimitAction: 'exit,message',
      dataFromLms: 'mode=quiz',
      prerequisites: 'i0',
      completionThreshold: null,
    });
    expect(m.scos[0].masteryScore).toBe(80);
  });

  it.each([
    ['75.5', 75.5],
    ['0', 0],
    ['100', 100],
    ['101', null],
    ['-1', null],
    ['eighty', null],
    ['', null],
  ])('masteryscore "%s" → %s', (text, expected) => {
    const m = parseManifest(
      m12(
        `<item identifier="i1" identifierref="r1"><title>L</title><adlcp:masteryscore>${text}</adlcp:masteryscore></item>`,
        res,
      ),
    );
    expect(m.scos[0].masteryScore).toBe(expected);
  });

  it.each([
    ['<adlcp:completionThreshold>0.75</adlcp:completionThreshold>', 0.75],
    ['<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.5"/>', 0.5],
    ['<adlcp:completionThreshold>1.5</adlcp:completionThreshold>', null],
    ['', null],
  ])('completionThreshold %s → %s', (el, expected) => {
    const xml = m2004('2004 3rd Edition', ADLCP13).replace('<title>L</title>', `<title>L</title>${el}`);
    expect(parseManifest(xml).scos[0].completionThreshold).toBe(expected);
  });

  it('reads 2004 timeLimitAction, dataFromLMS and limitConditions', () => {
    const xml = m2004(
      '2004 3rd Edition',
      `${ADLCP13} xmlns:imsss="http://www.imsglobal.org/xsd/imsss"`,
    ).replace(
      '<title>L</title>',
      `<title>L</title><adlcp:timeLimitAction>continue,no message</adlcp:timeLimitAction>
       <adlcp:dataFromLMS>x</adlcp:dataFromLMS>
       <imsss:sequencing><imsss:limitConditions attemptAbsoluteDurationLimit="PT1H"/></imsss:sequencing>`,
    );
    const item = parseManifest(xml).organizations[0].items[0];
    expect(item).toMatchObject({
      timeLimitAction: 'continue,no message',
      dataFromLms: 'x',
      maxTimeAllowed: 'PT1H',
    });
  });
});

describe('parseManifest — structure', () => {
  const sco = (id: string, href = 'a.html'): string =>
    `<resource identifier="${id}" type="webcontent" adlcp:scormtype="sco" href="${href}"/>`;
  const asset = '<resource identifier="r1" type="webcontent" adlcp:scormtype="asset" href="a.html"/>';

  it('item pointing to a missing resource → MISSING_RESOURCE naming both', () => {
    const err = expectCode(m12(ONE_ITEM, sco('other')), 'MISSING_RESOURCE');
    expect(err.message).toContain('(i1)');
    expect(err.message).toContain('"r1"');
  });

  it('dependency on a missing resource → MISSING_RESOURCE', () => {
    const xml = m12(
      ONE_ITEM,
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"><dependency identifierref="nope"/></resource>',
    );
    expect(expectCode(xml, 'MISSING_RESOURCE').message).toContain('"nope"');
  });

  it('no organisation → NO_ORGANIZATION', () => {
    const xml = m12('', sco('r1')).replace(/<organizations[\s\S]*<\/organizations>/, '<organizations/>');
    expect(expectCode(xml, 'NO_ORGANIZATION').message).toMatch(/^The package has no organisation/);
  });

  it('assets only → NO_SCO', () => {
    expectCode(m12(ONE_ITEM, asset), 'NO_SCO');
  });

  it('missing identifiers → MISSING_IDENTIFIER', () => {
    expectCode(m12(ONE_ITEM, sco('r1')).replace('identifier="m1"', ''), 'MISSING_IDENTIFIER');
    expectCode(m12('<item identifierref="r1"><title>L</title></item>', sco('r1')), 'MISSING_IDENTIFIER');
    expectCode(
      m12(ONE_ITEM, sco('r1') + '<resource type="webcontent" href="b.html"/>'),
      'MISSING_IDENTIFIER',
    );
    expectCode(
      m12(ONE_ITEM, sco('r1')).replace('organization identifier="org1"', 'organization'),
      'MISSING_IDENTIFIER',
    );
  });

  it('uses organizations@default, else the first organisation', () => {
    const two = (def: string): string =>
      m12(ONE_ITEM, sco('r1') + sco('r2', 'b.html'))
        .replace('default="org1"', def)
        .replace(
          '</organization>',
          '</organization><organization identifier="org2"><title>Second</title><item identifier="j" identifierref="r2"><title>J</title></item></organization>',
        );
    const withDefault = parseManifest(two('default="org2"'));
    expect(withDefault.defaultOrganization).toBe('org2');
    expect(withDefault.title).toBe('Second');
    expect(withDefault.scos.map((s) => s.launch)).toEqual(['b.html']);
    expect(withDefault.organizations).toHaveLength(2);
    const noDefault = parseManifest(two(''));
    expect(noDefault.defaultOrganization).toBe('org1');
    expect(noDefault.scos.map((s) => s.resourceId)).toEqual(['r1']);
  });

  it('collects only leaf items in nested order', () => {
    const items = `<item identifier="a"><title>A</title>
        <item identifier="a1" identifierref="r1"><title>A1</title></item>
        <item identifier="a2" identifierref="r2"><title>A2</title></item>
      </item>
      <item identifier="b" identifierref="r3"><title>B</title></item>
      <item identifier="c" identifierref="asset"><title>C</title></item>`;
    const res =
      sco('r1', 'one.html') +
      sco('r2', 'two.html') +
      sco('r3', 'three.html') +
      '<resource identifier="asset" type="webcontent" adlcp:scormtype="asset" href="x.pdf"/>';
    const m = parseManifest(m12(items, res));
    expect(m.scos.map((s) => s.itemIdentifier)).toEqual(['a1', 'a2', 'b']);
    expect(m.organizations[0].items[0].children.map((c) => c.identifier)).toEqual(['a1', 'a2']);
  });
});

describe('missingFiles', () => {
  it('reports hrefs and files not present, once each, with the resource that needs them', () => {
    const m = parseManifest(
      m12(
        ONE_ITEM,
        `<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html?x=1">
           <file href="a.html"/><file href="img/b%20c.png"/><file href="shared.js"/>
         </resource>
         <resource identifier="r2" type="webcontent" adlcp:scormtype="asset" xml:base="lib/">
           <file href="shared.js"/><file href="../shared.js"/>
         </resource>`,
      ),
    );
    expect(missingFiles(m, new Set(['a.html', 'shared.js']))).toEqual([
      { path: 'img/b c.png', resource: 'r1' },
      { path: 'lib/shared.js', resource: 'r2' },
    ]);
    expect(missingFiles(m, new Set())).toEqual([
      { path: 'a.html', resource: 'r1' },
      { path: 'img/b c.png', resource: 'r1' },
      { path: 'shared.js', resource: 'r1' },
      { path: 'lib/shared.js', resource: 'r2' },
    ]);
  });
});
