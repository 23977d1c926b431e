import { NerError } from '@nerflow/corpus';
import { termTeachers, type StageContext } from '@nerflow/core';
import type { z } from 'zod';
import type { AnnotateDeps, AnnotateHandle, annotateOptionsSchema } from './annotate.js';
import { AnnotateErrors } from './errors.js';
import { serveAnnotator } from './serve.js';
import { TermsAnnotator } from './terms-annotator.js';

/**
 * `annotate --mode terms`: the terms.teach loop served to the page. The loop itself comes from
 * core's termTeachers registry ('vectors': @nerflow/terms' TeachSession, registered by the CLI), so
 * this package never imports terms; the answers land in the dataset as `nerflow terms teach` stores
 * them, for `nerflow terms to-patterns DATASET` as before.
 */
export async function annotateTerms(o: z.output<typeof annotateOptionsSchema>, labels: string[], ctx: StageContext, deps: AnnotateDeps): Promise<AnnotateHandle> {
  if (labels.length !== 1 || !o.vectors) {
    throw new NerError(AnnotateErrors.BAD_OPTIONS, `Terms mode collects the terms of one label from a vectors store${labels.length !== 1 ? ` (got ${labels.length} labels)` : ' (no --vectors)'}.`, {
      hint: 'e.g. nerflow annotate lenguajes --mode terms --labels LENGUAJE --vectors vectors.nfv --seeds python,java',
    });
  }
  if (!termTeachers.has('vectors')) {
    throw new NerError(AnnotateErrors.NO_TERMS, 'No term teacher is registered (terms mode needs @nerflow/terms).', {
      hint: "Run it through the nerflow CLI, or register terms' loop first: termTeachers.register('vectors', openTermTeacher).",
    });
  }
  return serveAnnotator(o, ctx, deps, (store) => TermsAnnotator.create({
    store, dataset: o.dataset, label: labels[0]!, vectors: o.vectors!, teachers: termTeachers.get('vectors'), log: ctx.log,
    seeds: (o.seeds ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  }));
}
