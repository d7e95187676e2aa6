/**
 * `npm run content:build`: every course in `content/courses/<slug>/` → `content/dist/<slug>-scorm12.zip`
 * and `content/dist/<slug>-scorm2004.zip`.
 *
 *   node dist-build/src/build.js [--strict] [slug …]
 *
 * Courses are written while the builder runs, so a course that does not pass the checks is
 * skipped with its problems listed (on stderr) and the others are built; `--strict` makes any
 * skipped course fail the build (exit code 1). Naming slugs builds only those (and a named course
 * that fails always fails the build). A full build first removes old zips from `dist/`, so a
 * course that stopped passing does not leave a stale package behind.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileCourse, formatProblems, listCourses, readCourseSource } from './course.js';
import { packageFiles, zip } from './package.js';
import { coursesDir, distDir, runtimeDir, xsdDir } from './paths.js';
import type { Course, ScormVersion } from './types.js';

export const ZIP_SUFFIX: Record<ScormVersion, string> = { '1.2': 'scorm12', '2004': 'scorm2004' };

export interface BuildOptions {
  coursesDir: string;
  distDir: string;
  runtimeDir: string;
  xsdDir: string;
  slugs?: string[];
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface BuildResult {
  built: { slug: string; version: ScormVersion; file: string; bytes: number }[];
  skipped: { slug: string; problems: string[] }[];
}

export function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Builds both packages of one checked course into distDir; returns the zip paths and sizes. */
export async function buildCourse(
  course: Course,
  opts: Pick<BuildOptions, 'distDir' | 'runtimeDir' | 'xsdDir'>,
) {
  const out: BuildResult['built'] = [];
  for (const version of ['1.2', '2004'] as const) {
    const data = await zip(packageFiles(course, version, opts));
    const file = path.join(opts.distDir, `${course.slug}-${ZIP_SUFFIX[version]}.zip`);
    writeFileSync(file, data);
    out.push({ slug: course.slug, version, file, bytes: data.length });
  }
  return out;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const warn = opts.warn ?? ((l: string) => console.error(l));
  const all = listCourses(opts.coursesDir);
  const slugs = opts.slugs?.length ? opts.slugs : all;
  mkdirSync(opts.distDir, { recursive: true });
  if (!opts.slugs?.length) {
    for (const f of readdirSync(opts.distDir))
      if (/-scorm(?:12|2004)\.zip$/.test(f)) rmSync(path.join(opts.distDir, f));
  }
  const result: BuildResult = { built: [], skipped: [] };
  const catalogue: { slug: string; module: number; title: string; packages: Record<ScormVersion, string> }[] =
    [];
  if (slugs.length === 0)
    log(`no courses in ${path.relative(process.cwd(), opts.coursesDir) || opts.coursesDir}`);
  for (const slug of slugs) {
    const { course, problems } = compileCourse(readCourseSource(opts.coursesDir, slug));
    const lines = formatProblems(problems);
    if (!course) {
      result.skipped.push({ slug, problems: lines });
      warn(`${slug}: skipped, not ready (${problems.filter((p) => p.level === 'error').length} problems):`);
      for (const l of lines) warn(`  - ${l}`);
      continue;
    }
    for (const l of lines) warn(`${slug}: ${l}`);
    for (const b of await buildCourse(course, opts)) {
      result.built.push(b);
      log(`${path.relative(process.cwd(), b.file)}  ${formatSize(b.bytes)}`);
    }
    catalogue.push({
      slug: course.slug,
      module: course.module,
      title: course.title,
      packages: {
        '1.2': `${course.slug}-${ZIP_SUFFIX['1.2']}.zip`,
        '2004': `${course.slug}-${ZIP_SUFFIX['2004']}.zip`,
      },
    });
  }
  // What the API seeds from on start: the courses built, their programme position and their zips.
  if (!opts.slugs?.length)
    writeFileSync(
      path.join(opts.distDir, 'catalogue.json'),
      `${JSON.stringify({ courses: catalogue.sort((a, b) => a.module - b.module) }, null, 2)}\n`,
    );
  return result;
}

async function main(argv: string[]): Promise<number> {
  const strict = argv.includes('--strict');
  const slugs = argv.filter((a) => !a.startsWith('--'));
  const result = await build({ coursesDir, distDir, runtimeDir, xsdDir, slugs });
  if (result.skipped.length && (strict || slugs.length)) return 1;
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
