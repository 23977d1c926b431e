export { NerError, toNerError, type NerErrorOptions } from '@nerflow/corpus';
export * from './context.js';
export * from './stage.js';
export * from './command.js';
export * from './registry.js';
export * from './services.js';
export * from './stages.js';
export * from './pipeline/index.js';
export * from './models.js';
