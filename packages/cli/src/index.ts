export { runCli, buildProgram, printError, EXIT, type Io } from './program.js';
export { flagsOf, type FlagInfo } from './flags.js';
export { allCommands } from './commands.js';
