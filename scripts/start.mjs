#!/usr/bin/env node
// `npm start`: builds the API, the web app and the course packages (Nx answers from its cache when nothing changed),
// showing the build output only if it fails, then runs the server in this process.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.stdout.write('Building CQ Pathway (cached after the first time)…\n');
const build = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', 'content', '--output-style=static'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}\nThe build failed; see above.\n`);
  process.exit(build.status ?? 1);
}
process.chdir(root);
await import(pathToFileURL(path.join(root, 'api/dist/main.js')).href);
