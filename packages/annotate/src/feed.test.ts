import { describe, expect, it } from 'vitest';
import { tokenize } from '@nerflow/corpus';
import type { Task } from './api.js';
import { Feed } from './feed.js';
import { SENTENCES } from './__fixtures__/sentences.js';

const tasks: Task[] = SENTENCES.slice(0, 6).map((text, i) => ({
  _task_hash: 1000 + i, _input_hash: 2000 + i, _view_id: 'ner_manual', text, tokens: tokenize(text), spans: [],
}));
async function* stream() { yield* tasks; }
const hashes = (ts: Task[]) => ts.map((t) => t._task_hash);

describe('Feed', () => {
  it('leases tasks per session; an unanswered lease goes to another session only after it expires', async () => {
    let now = 0;
    const feed = new Feed(() => stream(), async () => new Set(), { leaseMs: 1000, now: () => now });
    expect(hashes(await feed.next('ana', 2))).toEqual([1000, 1001]);
    expect(hashes(await feed.next('luis', 2))).toEqual([1002, 1003]);
    await feed.answered('ana', 1000);
    now = 500;
    expect(hashes(await feed.next('ana', 2))).toEqual([1001, 1004]); // her open lease first, then a new task
    now = 1200; // luis went for coffee: his leases (from t=0) expire; ana's were renewed at t=500
    expect(hashes(await feed.next('marta', 3))).toEqual([1002, 1003, 1005]);
    expect(hashes(await feed.next('luis', 3))).toEqual([]);
  });

  it('skips tasks answered before (restart) and gives an undone task back first', async () => {
    const feed = new Feed(() => stream(), async () => new Set([1000, 1002]));
    expect(hashes(await feed.next('ana', 3))).toEqual([1001, 1003, 1004]);
    await feed.answered('ana', 1001);
    await feed.reopen('ana', tasks[1]!);
    expect(hashes(await feed.next('ana', 1))).toEqual([1001]);
    expect(feed.task(1001)).toBe(tasks[1]);
    expect(feed.task(1002)).toBeUndefined(); // never handed out by this server
  });

  it('with overlap each session walks the whole source once', async () => {
    const answered = new Map([['ana', new Set([1000])], ['luis', new Set<number>()]]);
    const feed = new Feed(() => stream(), async (s) => answered.get(s!)!, { overlap: true });
    expect(hashes(await feed.next('ana', 2))).toEqual([1001, 1002]);
    expect(hashes(await feed.next('luis', 2))).toEqual([1000, 1001]);
  });
});
