import type PgBoss from 'pg-boss';
import { NerError } from '@nerflow/corpus';
import { IngestErrors } from '../errors.js';

/** The pg-boss queue of ingest jobs: one job per input file (other stages' jobs have their own queues: job-client.ts). */
export const INGEST_QUEUE = 'nerflow-ingest-file';

/** How jobs are retried: a failed or expired job (its worker died) runs again, up to `retries` more times. */
export interface QueuePolicy {
  retries: number;
  /** A job active this long without finishing is taken to have lost its worker (SIGKILL, machine down) and retried. */
  expireSeconds: number;
  /** First retry delay; doubled per retry (pg-boss retryBackoff). */
  retryDelaySeconds: number;
}

/** True for a queue URL nerflow can use (PostgreSQL, through pg-boss). */
export function isQueueUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Connects to the job queue at `url` (postgresql://..., the same server as the team's store will
 * do; `?schema=NAME` picks pg-boss's schema, default `pgboss`), creating pg-boss's tables and the
 * named queues (default: the ingest queue) when absent. The caller stops it.
 */
export async function openBoss(url: string, policy: QueuePolicy, onError: (err: Error) => void, queues: string[] = [INGEST_QUEUE]): Promise<PgBoss> {
  if (!isQueueUrl(url)) {
    throw new NerError(IngestErrors.QUEUE, `--queue ${url} is not a PostgreSQL URL.`, {
      hint: 'Pass --queue postgresql://USER:PASSWORD@HOST:5432/DATABASE (jobs run on pg-boss; see docs/scale.md).',
    });
  }
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'pgboss';
  u.searchParams.delete('schema');
  // Loaded here, not at module load: a local run (no --queue) never pays for pg-boss (~50 ms of start-up).
  const { default: Boss } = await import('pg-boss');
  const boss = new Boss({
    connectionString: u.href, schema, application_name: 'nerflow-queue', max: 4, schedule: false, // no cron jobs here
    // Expired jobs are found by maintenance: check often enough that a dead worker's job comes back soon.
    maintenanceIntervalSeconds: Math.max(1, Math.min(30, Math.floor(policy.expireSeconds / 2))),
  });
  boss.on('error', onError);
  try {
    await boss.start();
    for (const name of queues) {
      if (await boss.getQueue(name)) continue;
      await boss.createQueue(name, { name }).catch(async (err: unknown) => {
        if (!(await boss.getQueue(name))) throw err; // another process created it meanwhile: fine
      });
    }
  } catch (cause) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw new NerError(IngestErrors.QUEUE, `Cannot open the job queue ${u.host}${u.pathname}: ${(cause as Error).message}`, {
      hint: 'Is PostgreSQL running and the --queue URL right? See docs/scale.md for starting one.', cause,
    });
  }
  return boss;
}
