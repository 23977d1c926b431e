import { entryOf } from './entry.js';
import { writeManifest } from './manifest.js';
import { loadAllCommands } from './sources.js';

/** Build step (package.json "build"): writes dist/commands.json for the bin's fast start. */
const all = await loadAllCommands();
writeManifest(new URL('./commands.json', import.meta.url), all.map(({ spec, source }) => entryOf(spec, source)));
console.log(`nerflow: ${all.length} commands in dist/commands.json`);
