// Model names (`es-base`) resolve in core, so that every stage (eval, annotate) accepts them too.
export { resolveModelDir } from '@nerflow/core';
