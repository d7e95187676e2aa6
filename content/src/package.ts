/**
 * Assembles a course's SCORM package (file list and deterministic zip).
 *
 * A package is one SCO: `index.html` (the player shell, with the course data inlined so that it
 * also plays from a folder on disk), `course.json` (the same data, for tools and for players
 * without the inline copy), `runtime.js` and `style.css` from `content/runtime/`,
 * `imsmanifest.xml`, and the ADL schema files the manifest names, copied from the shared
 * schema folder at build time (they are not kept in the repository).
 *
 * Zips are byte-for-byte reproducible: entries sorted by name, a fixed DOS timestamp (no
 * extended-timestamp field, so the time zone does not matter), fixed permissions.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { escapeHtml } from './markdown.js';
import { courseTitle, manifest } from './manifest.js';
import type { Course, ScormVersion } from './types.js';

export interface PackageFile {
  /** Path inside the package, with `/`. */
  name: string;
  data: Buffer;
}

export interface PackageDirs {
  runtimeDir: string;
  xsdDir: string;
}

/** The files the runtime folder contributes. */
export const RUNTIME_FILES = ['runtime.js', 'style.css'] as const;

/** Schema folder (inside `xsdDir`) for each version. */
export const SCHEMA_FOLDER: Record<ScormVersion, string> = { '1.2': 'scorm12', '2004': 'scorm2004-4th' };

/** Every file under dir, as paths relative to it with `/`, sorted. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(full).isDirectory() ? walk(full, rel) : [rel];
    });
}

/** The ADL schema files for a version, to put at the package root. */
let warnedNoSchemas = false;

export function schemaFiles(version: ScormVersion, xsdDir: string): PackageFile[] {
  const dir = path.join(xsdDir, SCHEMA_FOLDER[version]);
  // The schemas travel inside the zips when they are at hand; LMSs do not need them to import a package.
  if (!existsSync(dir)) {
    if (!warnedNoSchemas)
      console.warn(
        `SCORM schemas not found in ${dir}: building the packages without them (set SCORM_XSD_DIR to add them).`,
      );
    warnedNoSchemas = true;
    return [];
  }
  return walk(dir).map((name) => ({ name, data: readFileSync(path.join(dir, name)) }));
}

/** Course data as it goes inside a `<script type="application/json">`: no `</script>` possible. */
export function inlineJson(course: Course): string {
  return JSON.stringify(course)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The player shell. The runtime fills `#screen` and wires the buttons. */
export function indexHtml(course: Course, version: ScormVersion): string {
  const title = escapeHtml(courseTitle(course));
  const first = course.screens.find((s) => !s.branch) ?? course.screens[0];
  return `<!doctype html>
<html lang="en" data-scorm="${version}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<a class="skip-link" href="#screen-title">Skip to main content</a>
<header class="masthead">
<div class="masthead-inner">
<p class="course-name">${title}</p>
<button type="button" class="button button-secondary" id="exit">Save and exit</button>
</div>
</header>
<div class="page">
<main id="main">
<p class="banner" id="banner" hidden></p>
<p class="progress" id="progress"></p>
<div class="screen" id="screen">
<h1 id="screen-title" tabindex="-1">${escapeHtml(first?.title ?? course.title)}</h1>
<p>Loading…</p>
</div>
</main>
<nav class="pager" id="pager" aria-label="Screens">
<button type="button" class="button button-secondary" id="prev">Previous</button>
<button type="button" class="button" id="next">Next</button>
</nav>
</div>
<div class="visually-hidden" id="status" role="status" aria-live="polite" aria-atomic="true"></div>
<noscript><p class="page">This module needs JavaScript. Turn it on in your browser, or ask your learning team for help.</p></noscript>
<script type="application/json" id="course-data">${inlineJson(course)}</script>
<script src="runtime.js"></script>
</body>
</html>
`;
}

/** Every file of the package, `imsmanifest.xml` included, sorted by name. */
export function packageFiles(course: Course, version: ScormVersion, dirs: PackageDirs): PackageFile[] {
  const player: PackageFile[] = [
    { name: 'index.html', data: Buffer.from(indexHtml(course, version)) },
    { name: 'course.json', data: Buffer.from(`${JSON.stringify(course, null, 2)}\n`) },
    ...RUNTIME_FILES.map((name) => ({ name, data: readFileSync(path.join(dirs.runtimeDir, name)) })),
  ];
  const scoFiles = player.map((f) => f.name).sort();
  const files = [
    ...player,
    { name: 'imsmanifest.xml', data: Buffer.from(manifest(version, course, scoFiles)) },
    ...schemaFiles(version, dirs.xsdDir),
  ];
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) throw new Error(`two package files are both named ${f.name}`);
    names.add(f.name);
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** 2000-01-01 00:00 in local time, which is what a DOS timestamp stores: the same in every zone. */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export function zip(files: readonly PackageFile[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted)
    z.addBuffer(f.data, f.name, {
      mtime: FIXED_MTIME,
      mode: 0o100644,
      compress: true,
      forceDosTimestamp: true,
    });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('error', reject);
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.end();
  });
}
