#!/usr/bin/env node
import { allCommands } from './commands.js';
import { runCli } from './program.js';

const code = await runCli(allCommands(), process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
process.exitCode = code;
