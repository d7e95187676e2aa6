/**
 * The course model the builder writes to `course.json` and the in-package player reads.
 *
 * Text that the author wrote in Markdown is carried twice where the player needs both: as safe
 * HTML (`html`, produced by `markdown.ts`, everything the author typed escaped) for display, and
 * as plain text (`text`) for the LMS (interaction descriptions) and for labels.
 */

export type ScreenType = 'content' | 'decision' | 'check' | 'reflection' | 'references';
export type Rating = 'best' | 'acceptable' | 'poor';
export type ScormVersion = '1.2' | '2004';

export interface RichText {
  /** Plain text: markers and citations removed, whitespace collapsed. */
  text: string;
  /** Safe HTML (inline elements only). */
  html: string;
}

export interface DecisionOption {
  id: string;
  text: string;
  html: string;
  rating: Rating;
  consequenceHtml: string;
  feedbackHtml: string;
  /** Key of the `branch: true` screen to show next, if the author gave one. */
  goto?: string;
}

export interface CheckOption {
  id: string;
  text: string;
  html: string;
  correct: boolean;
}

export interface CheckQuestion {
  id: string;
  text: string;
  html: string;
  options: CheckOption[];
  explanationHtml: string;
}

export interface Reference {
  key: string;
  /** 1-based number shown in citations and in the list. */
  n: number;
  text: string;
  html: string;
  url?: string;
}

export interface Screen {
  /** Stable key: the screen's `id`, or its file name without `.md`. Used as the LMS location. */
  key: string;
  file: string;
  type: ScreenType;
  title: string;
  branch: boolean;
  /** The Markdown body as safe HTML (block elements). */
  html: string;
  id?: string;
  question?: RichText;
  options?: DecisionOption[];
  questions?: CheckQuestion[];
  prompt?: RichText;
  references?: Reference[];
}

export interface Course {
  format: 1;
  slug: string;
  module: number;
  title: string;
  minutes: number;
  summary: string;
  objectives: string[];
  masteryScore: number;
  /** Words a learner reads, as `check-course.mjs` counts them. */
  words: number;
  screens: Screen[];
}

export interface Problem {
  /** File relative to the course folder (`course.yaml`, `screens/03-huddle.md`) or `''` for the course. */
  file: string;
  message: string;
  level: 'error' | 'warning';
}

/** One course folder's files, as text. */
export interface CourseSource {
  slug: string;
  /** `null` when the folder has no course.yaml. */
  courseYaml: string | null;
  /** `screens/*.md`, sorted by file name. */
  screens: { name: string; text: string }[];
}
