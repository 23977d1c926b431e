#!/usr/bin/env node
// The `nerflow` bin npm links at install time, before anything is built (so this file is plain,
// committed JS): it runs the built CLI, or says what to run when there is none yet. Without it,
// `npx nerflow` on a fresh clone would find no local bin and ask the registry for a package of that name.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  const root = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
  process.stderr.write(
    `[E_CLI_NOT_BUILT] nerflow is not built yet (${fileURLToPath(built)} is missing).\n`
    + `  hint: run \`npm run build\` in ${root} (about 2 minutes; or \`npm start\`, which builds and runs the example), then rerun this command.\n`,
  );
  process.exitCode = 1;
} else {
  await import(built.href);
}
