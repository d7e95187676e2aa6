import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from './build.js';
import { indexHtml, inlineJson, packageFiles, zip } from './package.js';
import { repoRoot, runtimeDir } from './paths.js';
import { fixtureCourse, fixturesDir } from './test-helpers.js';
import type { Course } from './types.js';

const xsdDir = path.resolve(repoRoot, '../shared/scorm/xsd');
const dirs = { runtimeDir, xsdDir };

interface Entry {
  name: string;
  time: number;
  date: number;
  data: Buffer;
}

/** Reads a zip's central directory (enough for yazl's output: no zip64, no encryption). */
function readZip(buf: Buffer): Entry[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i += 1) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const date = buf.readUInt16LE(p + 14);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(data.length).toBe(size);
    entries.push({ name, time, date, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe('package files', () => {
  const course = fixtureCourse();

  it.each(['1.2', '2004'] as const)(
    'SCORM %s: player, manifest and the schemas it names, sorted',
    (version) => {
      const files = packageFiles(course, version, dirs);
      const names = files.map((f) => f.name);
      expect(names).toEqual([...names].sort());
      for (const f of ['index.html', 'course.json', 'runtime.js', 'style.css', 'imsmanifest.xml'])
        expect(names).toContain(f);
      const manifest = files.find((f) => f.name === 'imsmanifest.xml')!.data.toString();
      // Every schema named in xsi:schemaLocation is in the package.
      const locations = /xsi:schemaLocation="([^"]+)"/.exec(manifest)![1].trim().split(/\s+/);
      const schemaFiles = locations.filter((_, i) => i % 2 === 1);
      for (const xsd of schemaFiles.filter((f) => !f.startsWith('imsmd'))) expect(names).toContain(xsd);
      if (version === '1.2') expect(names).toContain('imsmd_rootv1p2p1.xsd');
      // Every file the resource lists exists, and lists every player file.
      const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
      expect(listed).toEqual(['course.json', 'index.html', 'runtime.js', 'style.css']);
      // No schema file is kept in the repository: they come from ../shared at build time.
      expect(existsSync(path.join(runtimeDir, 'imscp_v1p1.xsd'))).toBe(false);
    },
  );

  it('index.html declares the language and version and inlines the course data', () => {
    const html = indexHtml(course, '2004');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en" data-scorm="2004">/);
    expect(html).toContain('<title>Module 1: Fixture course</title>');
    expect(html).toContain('<script src="runtime.js"></script>');
    const json = /<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(course)));
  });

  it('inline course data cannot close its script element', () => {
    const odd: Course = { ...course, summary: '</script><script>alert(1)</script>' };
    const inline = inlineJson(odd);
    expect(inline).not.toContain('</script');
    expect(JSON.parse(inline).summary).toBe(odd.summary);
  });

  it('course.json holds the whole course, answers included', () => {
    const files = packageFiles(course, '1.2', dirs);
    const json = JSON.parse(files.find((f) => f.name === 'course.json')!.data.toString()) as Course;
    expect(json.screens).toHaveLength(8);
    expect(json.screens[5].questions![0].options[1].correct).toBe(true);
  });
});

describe('zip', () => {
  const course = fixtureCourse();

  it('is deterministic: same bytes every time, sorted entries, fixed timestamps', async () => {
    const a = await zip(packageFiles(course, '2004', dirs));
    const b = await zip([...packageFiles(course, '2004', dirs)].reverse());
    expect(a.equals(b)).toBe(true);
    const entries = readZip(a);
    const names = entries.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(entries.map((e) => `${e.date}/${e.time}`))).toEqual(
      new Set([`${(20 << 9) | (1 << 5) | 1}/0`]),
    );
    const manifest = entries.find((e) => e.name === 'imsmanifest.xml')!.data.toString();
    expect(manifest).toContain('<schemaversion>2004 4th Edition</schemaversion>');
    expect(names).toContain('common/anyElement.xsd');
  });
});

describe('build', () => {
  it('builds both zips for each ready course, skips one that is not ready, and prints sizes', async () => {
    const courses = mkdtempSync(path.join(tmpdir(), 'cqp-build-'));
    const dist = path.join(courses, 'out');
    // A copy of the fixture, and a half-written course.
    const copy = (from: string, to: string) => {
      mkdirSync(to, { recursive: true });
      for (const f of readdirSync(from, { withFileTypes: true })) {
        if (f.isDirectory()) copy(path.join(from, f.name), path.join(to, f.name));
        else writeFileSync(path.join(to, f.name), readFileSync(path.join(from, f.name)));
      }
    };
    copy(path.join(fixturesDir, 'fixture-course'), path.join(courses, 'fixture-course'));
    mkdirSync(path.join(courses, 'half-done', 'screens'), { recursive: true });
    writeFileSync(path.join(courses, 'half-done', 'course.yaml'), 'slug: half-done\n');
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'gone-scorm12.zip'), 'stale');

    const out: string[] = [];
    const err: string[] = [];
    const result = await build({
      coursesDir: courses,
      distDir: dist,
      ...dirs,
      log: (l) => out.push(l),
      warn: (l) => err.push(l),
    });
    expect(readdirSync(dist).sort()).toEqual([
      'catalogue.json',
      'fixture-course-scorm12.zip',
      'fixture-course-scorm2004.zip',
    ]);
    // The catalogue the API seeds from lists the built course only, with its module number and both zips.
    expect(JSON.parse(readFileSync(path.join(dist, 'catalogue.json'), 'utf8'))).toEqual({
      courses: [
        {
          slug: 'fixture-course',
          module: expect.any(Number),
          title: expect.any(String),
          packages: { '1.2': 'fixture-course-scorm12.zip', '2004': 'fixture-course-scorm2004.zip' },
        },
      ],
    });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/fixture-course-scorm12\.zip {2}\d+\.\d KiB$/);
    expect(out[1]).toMatch(/fixture-course-scorm2004\.zip {2}\d+\.\d KiB$/);
    expect(result.skipped.map((s) => s.slug)).toEqual(['half-done']);
    expect(err[0]).toMatch(/^half-done: skipped, not ready \(\d+ problems\):$/);
    expect(err).toContain('  - course.yaml: missing module');
    expect(err).toContain('  - screens/: no screens: add screens/*.md files');
    const entries = readZip(readFileSync(path.join(dist, 'fixture-course-scorm12.zip')));
    expect(entries.map((e) => e.name)).toContain('adlcp_rootv1p2.xsd');
  });
});
