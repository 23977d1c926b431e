/** Error codes owned by @nerflow/core: commands, registries and the pipeline runner (stable: scripts match on them). */
export const CoreErrors = {
  /** A command was called wrongly (a missing or contradictory argument): the CLI exits 2, not 1. */
  USAGE: 'E_CLI_USAGE',
  /** A registry already has an item of that name (register with { replace: true } on purpose). */
  REGISTRY_DUPLICATE: 'E_REGISTRY_DUPLICATE',
  /** No item of that name in a registry (the hint lists the names there are). */
  REGISTRY_UNKNOWN: 'E_REGISTRY_UNKNOWN',
  /** The pipeline file cannot be read. */
  PIPELINE_NOT_FOUND: 'E_PIPELINE_NOT_FOUND',
  /** The pipeline file is not valid YAML. */
  PIPELINE_YAML: 'E_PIPELINE_YAML',
  /** The pipeline file is YAML but not a pipeline (steps:, use:, with:, needs:). */
  PIPELINE_SCHEMA: 'E_PIPELINE_SCHEMA',
  /** A `${name}` that `vars:` does not define. */
  PIPELINE_VAR: 'E_PIPELINE_VAR',
  /** A step's `use:` names no registered stage, loadable module or package exporting a stage. */
  PIPELINE_STAGE: 'E_PIPELINE_STAGE',
  /** A step's `with:` has an unknown key or a value its stage's schema refuses. */
  PIPELINE_OPTIONS: 'E_PIPELINE_OPTIONS',
  /** A stage declares a relative path (an option not declared with pathRef/sourceRef/modelRef). */
  PIPELINE_RELATIVE_PATH: 'E_PIPELINE_RELATIVE_PATH',
  /** Two steps declare the same output. */
  PIPELINE_SAME_OUTPUT: 'E_PIPELINE_SAME_OUTPUT',
  /** Steps that depend on each other in a circle. */
  PIPELINE_CYCLE: 'E_PIPELINE_CYCLE',
  /** `nerflow run FILE STEP` names a step the file does not have. */
  PIPELINE_UNKNOWN_STEP: 'E_PIPELINE_UNKNOWN_STEP',
  /** A step's input is missing and no step produces it. */
  PIPELINE_MISSING_INPUT: 'E_PIPELINE_MISSING_INPUT',
} as const;
