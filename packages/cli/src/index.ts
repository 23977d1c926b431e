export { runCli, buildProgram, printError, EXIT, type Io } from './program.js';
export { flagsOf, commandFlags, type FlagInfo } from './flags.js';
export { allCommands } from './commands.js';
export { entryOf, lazyOf, type CommandEntry, type LazyCommand } from './entry.js';
export { commandSources } from './sources.js';
