import { Registry } from './registry.js';
import type { Stage } from './stage.js';

/**
 * Built-in and user stages by name, for `nerflow run` (`use: ingest`). Each stage package exports
 * its stages and the CLI registers them; a user's stage registers the same way, or is named by
 * path or package in the pipeline file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stages = new Registry<Stage<any, unknown>>('stage');
