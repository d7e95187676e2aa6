/**
 * Where things are, found from this module's own location so that the same code works from
 * `src/` (vitest) and from the compiled `dist-build/src/` (npm run build).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findContentRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@cqp/content'
    )
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the content package (package.json named @cqp/content)');
    dir = up;
  }
}

/** `content/` */
export const contentRoot = findContentRoot();
/** The repository root (`content/..`). */
export const repoRoot = path.dirname(contentRoot);
export const coursesDir = path.join(contentRoot, 'courses');
export const runtimeDir = path.join(contentRoot, 'runtime');
export const distDir = path.join(contentRoot, 'dist');
/**
 * The ADL schemas, kept outside the repository in `../shared/scorm/xsd` (beside the work tree);
 * `SCORM_XSD_DIR` points elsewhere.
 */
export const xsdDir = process.env.SCORM_XSD_DIR
  ? path.resolve(process.env.SCORM_XSD_DIR)
  : path.resolve(repoRoot, '../shared/scorm/xsd');
