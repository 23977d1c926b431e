export { loadPipeline, interpolate, type PipelineConfig, type StepConfig } from './config.js';
export { dependencies, topoOrder, type DagNode } from './dag.js';
export { fingerprint, stableHash, type HashCache } from './fingerprint.js';
export { loadStage } from './load-stage.js';
export { runPipeline, type PipelineResult, type RunPipelineOptions, type StepReport, type StepStatus } from './run.js';
