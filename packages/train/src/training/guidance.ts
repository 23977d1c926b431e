/**
 * What a small-data user should be told while training: how long it will take (once the first
 * steps are timed), when the training loss collapses to ~0 (memorised, not learning), and step
 * totals that add up (the loop packs documents into batches, so an epoch has more batches than
 * words / batchWords).
 */

/** Per-document loss below this after epoch 2 means the training set is memorised. */
export const COLLAPSED_LOSS = 0.005;
/** Runs longer than this get a warning with the estimate. */
export const LONG_RUN_SECONDS = 10 * 60;

const duration = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

/** The warning for a collapsed loss, or undefined. */
export function lossCollapseWarning(epoch: number, loss: number, trainDocs: number, hasDev: boolean): string | undefined {
  if (epoch < 2 || loss >= COLLAPSED_LOSS) return undefined;
  return `training loss ${loss.toFixed(3)} at epoch ${epoch}: the ${trainDocs} training examples are memorised; more epochs only overfit. `
    + (hasDev ? 'The dev F1 column is what matters (early stopping keeps the best epoch).' : 'Without dev data nothing stops this: pass --dev, or lower --max-epochs.');
}

/** The estimate shown after the first steps: seconds per epoch and for the whole run. */
export function epochEstimate(steps: number, seconds: number, stepsPerEpoch: number, maxEpochs: number, patience: number, hasDev: boolean): { message: string; long: boolean } {
  const perEpoch = (seconds / Math.max(1, steps)) * stepsPerEpoch;
  const total = perEpoch * maxEpochs;
  const early = hasDev && patience > 0 ? ` (early stopping after ${patience} epochs without a better dev F1 may end it sooner)` : '';
  const long = total > LONG_RUN_SECONDS;
  return {
    message: `about ${duration(perEpoch)} an epoch, up to ${duration(total)} for ${maxEpochs} epochs${early}${long ? '; --max-epochs or --batch-words bound it' : ''}.`,
    long,
  };
}

/** The progress total of steps: an estimate until the first epoch ends, then that epoch's real count. */
export class StepTotal {
  private perEpoch: number;

  constructor(estimatePerEpoch: number, private readonly maxEpochs: number) {
    this.perEpoch = Math.max(1, estimatePerEpoch);
  }

  /** Call with the step counter at the end of each epoch. */
  epochEnded(epoch: number, step: number): void {
    this.perEpoch = Math.max(1, Math.round(step / epoch));
  }

  get perEpochSteps(): number {
    return this.perEpoch;
  }

  /** Never below the steps already done. */
  total(done: number): number {
    return Math.max(done, this.perEpoch * this.maxEpochs);
  }
}
