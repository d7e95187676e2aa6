import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { compileCourse, listCourses, readCourseSource } from './course.js';
import { manifest, manifest12, manifest2004, normalizedMeasure } from './manifest.js';
import { coursesDir, repoRoot } from './paths.js';
import { fixtureCourse } from './test-helpers.js';
import type { Course, ScormVersion } from './types.js';

/** The ADL schemas live beside the repository, never in it. */
const xsdDir = path.resolve(repoRoot, '../shared/scorm/xsd');
const FILES = ['course.json', 'index.html', 'runtime.js', 'style.css'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

let preload: XMLFileInfo[] | undefined;
/** Every schema file, named relative to xsdDir, as the wrapper schemas import them. */
function schemaPreload(): XMLFileInfo[] {
  preload ??= walk(xsdDir)
    .filter((f) => !/-all\.xsd$/.test(f))
    .map((f) => ({ fileName: path.relative(xsdDir, f), contents: readFileSync(f) }));
  return preload;
}

async function validate(version: ScormVersion, xml: string) {
  const wrapper = version === '1.2' ? 'scorm12-all.xsd' : 'scorm2004-all.xsd';
  return validateXML({
    xml: { fileName: 'imsmanifest.xml', contents: xml },
    schema: { fileName: wrapper, contents: readFileSync(path.join(xsdDir, wrapper), 'utf8') },
    preload: schemaPreload(),
    maxMemoryPages: 4096,
  });
}

async function expectValid(version: ScormVersion, xml: string) {
  const result = await validate(version, xml);
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('SCORM 1.2 manifest', () => {
  const course = fixtureCourse();
  const xml = manifest12(course, FILES);

  it('declares a single SCO with the mastery score and stable identifiers', () => {
    expect(xml).toContain('<schemaversion>1.2</schemaversion>');
    expect(xml).toContain('<manifest identifier="cqp.fixture-course" version="1"');
    expect(xml).toContain('<organizations default="cqp.fixture-course.org">');
    expect(xml).toContain(
      '<item identifier="cqp.fixture-course.item" identifierref="cqp.fixture-course.sco"',
    );
    expect(xml).toContain('<title>Module 1: Fixture course</title>');
    expect(xml).toContain('<adlcp:masteryscore>80</adlcp:masteryscore>');
    expect(xml).toContain(
      '<resource identifier="cqp.fixture-course.sco" type="webcontent" adlcp:scormtype="sco" href="index.html">',
    );
    for (const f of FILES) expect(xml).toContain(`<file href="${f}"/>`);
    expect(xml.match(/<organization /g)).toHaveLength(1);
    expect(xml.match(/<item /g)).toHaveLength(1);
    expect(xml.match(/<resource /g)).toHaveLength(1);
  });

  it('is identical when built twice', () => {
    expect(manifest12(course, FILES)).toBe(xml);
  });

  it('validates against the SCORM 1.2 schemas', async () => {
    await expectValid('1.2', xml);
  });
});

describe('SCORM 2004 4th edition manifest', () => {
  const course = fixtureCourse();
  const xml = manifest2004(course, FILES);

  it('declares a single SCO whose primary objective is satisfied by the mastery score', () => {
    expect(xml).toContain('<schemaversion>2004 4th Edition</schemaversion>');
    expect(xml).toContain('adlcp:scormType="sco"');
    expect(xml).toContain(
      '<imsss:primaryObjective objectiveID="cqp.fixture-course.mastery" satisfiedByMeasure="true">',
    );
    expect(xml).toContain('<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>');
    for (const f of FILES) expect(xml).toContain(`<file href="${f}"/>`);
  });

  it('validates against the SCORM 2004 4th edition schemas', async () => {
    await expectValid('2004', xml);
  });

  it('escapes the title', async () => {
    const odd: Course = { ...course, title: 'Us & them <"quoted">' };
    const x = manifest2004(odd, FILES);
    expect(x).toContain('<title>Module 1: Us &amp; them &lt;&quot;quoted&quot;&gt;</title>');
    await expectValid('2004', x);
  });
});

describe('normalizedMeasure', () => {
  it('turns a percentage into a decimal without float noise', () => {
    expect([0, 7, 70, 75.5, 80, 100].map(normalizedMeasure)).toEqual([
      '0.0',
      '0.07',
      '0.7',
      '0.755',
      '0.8',
      '1.0',
    ]);
  });
});

describe('the validator itself', () => {
  it('rejects a manifest that breaks the schema', async () => {
    const course = fixtureCourse();
    const bad12 = manifest12(course, FILES).replace(
      '<adlcp:masteryscore>80</adlcp:masteryscore>',
      '<adlcp:bogus/>',
    );
    expect((await validate('1.2', bad12)).valid).toBe(false);
    const bad2004 = manifest2004(course, FILES).replace(
      'satisfiedByMeasure="true"',
      'satisfiedByMeasure="maybe"',
    );
    expect((await validate('2004', bad2004)).valid).toBe(false);
  });
});

describe('manifests of the courses in content/courses', () => {
  const ready = listCourses(coursesDir)
    .map((slug) => compileCourse(readCourseSource(coursesDir, slug)).course)
    .filter((c): c is Course => c !== undefined);

  it.skipIf(ready.length === 0)('validate for every course that passes its checks', async () => {
    for (const course of ready) {
      for (const version of ['1.2', '2004'] as const) {
        const result = await validate(version, manifest(version, course, FILES));
        expect({ slug: course.slug, version, errors: result.errors.map((e) => e.rawMessage) }).toEqual({
          slug: course.slug,
          version,
          errors: [],
        });
      }
    }
  });
});
