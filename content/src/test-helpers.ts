/** Shared by the specs: the fixture course and ways to break it. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCourse, readCourseSource } from './course.js';
import type { Course, CourseSource } from './types.js';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures');

export function fixtureSource(): CourseSource {
  return readCourseSource(fixturesDir, 'fixture-course');
}

export function fixtureCourse(): Course {
  const { course, problems } = compileCourse(fixtureSource());
  if (!course) throw new Error(`fixture course does not compile: ${JSON.stringify(problems)}`);
  return course;
}

/** The fixture with one screen's text changed (or removed, when edit returns null). */
export function editScreen(
  src: CourseSource,
  name: string,
  edit: (text: string) => string | null,
): CourseSource {
  if (!src.screens.some((s) => s.name === name)) throw new Error(`no screen ${name}`);
  return {
    ...src,
    screens: src.screens.flatMap((s) => {
      if (s.name !== name) return [s];
      const text = edit(s.text);
      return text === null ? [] : [{ name, text }];
    }),
  };
}
