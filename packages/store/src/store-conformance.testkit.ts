/**
 * The Store conformance suite: what every backend must do alike (SQLite, PostgreSQL). A backend's
 * test file calls `storeConformance` with a factory; each test gets a fresh, empty database.
 * (Not built into dist: it imports vitest. Backend-specific behaviour stays in its own test file.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenize, type Example } from '@nerflow/corpus';
import { entityAgreement } from './agreement.js';
import type { Store } from './types.js';

/** A fresh database: `open()` gives a new connection to it (call it more than once for "two processes"). */
export interface ConformanceDb {
  open(): Store;
  cleanup(): Promise<void>;
}

const texts = [
  'Google Ads mejoró el CTR un 12% en el tercer trimestre.',
  'La campaña de Meta Ads se lanzó en Madrid el lunes.',
  'El Sr. Pérez revisó la tasa de conversión con el equipo de SEO.',
];
const example = (text: string, spans: Example['spans'] = [], extra: Partial<Example> = {}): Example =>
  ({ text, tokens: tokenize(text), spans, answer: 'accept', ...extra });
const googleAds: Example['spans'] = [{ start: 0, end: 10, token_start: 0, token_end: 1, label: 'PLATAFORMA' }];
const metaAds: Example['spans'] = [{ start: 14, end: 22, token_start: 3, token_end: 4, label: 'PLATAFORMA' }];
const madrid: Example['spans'] = [{ start: 38, end: 44, token_start: 8, token_end: 8, label: 'LUGAR' }];

const all = async (it: AsyncIterable<Example>) => { const out: Example[] = []; for await (const x of it) out.push(x); return out; };

/**
 * Registers the suite for one backend. `makeDb` returns undefined when the backend cannot run here
 * (no server): then the suite is skipped and `skipReason` is printed.
 */
export function storeConformance(backend: string, makeDb: () => Promise<ConformanceDb | undefined>, skipReason?: string): void {
  const run = skipReason === undefined ? describe : describe.skip;
  if (skipReason !== undefined) console.warn(`[store conformance] ${backend} skipped: ${skipReason}`);

  run(`Store conformance: ${backend}`, () => {
    let db: ConformanceDb;
    let store: Store;
    const others: Store[] = [];
    const second = () => { const s = db.open(); others.push(s); return s; };
    beforeEach(async () => {
      db = (await makeDb())!;
      store = db.open();
    });
    afterEach(async () => {
      for (const s of others.splice(0)) await s.close();
      await store.close();
      await db.cleanup();
    });

    it('keeps examples as stored, extra keys and key order included, across reopening', async () => {
      const rec = { text: texts[0]!, meta: { fuente: 'informe-3.pdf', página: 2 }, zeta: 1, alfa: [1, 'dos'], spans: googleAds, answer: 'accept' } as Example;
      await store.add('marketing', [rec]);
      await store.close();
      store = db.open();
      const [ex] = await all(store.examples('marketing'));
      expect(Object.keys(ex!)).toEqual([...Object.keys(rec), '_input_hash', '_task_hash', '_timestamp']);
      expect(ex).toMatchObject({ ...rec });
      expect(Number.isSafeInteger(ex!._task_hash)).toBe(true);
      expect(typeof ex!._timestamp).toBe('number');
      expect(store.kind).toBe(backend);
    });

    it('deduplicates by session and task hash; the same task in another session is kept', async () => {
      expect(await store.add('marketing', texts.map((t) => example(t)))).toEqual({ added: 3, existing: 0 });
      expect(await store.add('marketing', texts.map((t) => example(t)))).toEqual({ added: 0, existing: 3 });
      expect(await store.add('marketing', [example(texts[0]!)], { session: 'ana' })).toEqual({ added: 1, existing: 0 });
      expect(await store.add('marketing', [example(texts[0]!), example(texts[2]!, googleAds)], { session: 'ana', details: true }))
        .toEqual({ added: 1, existing: 1, statuses: ['existing', 'added'] });
      // Different spans on the same text = a different task; the same task twice in one call is stored once.
      expect(await store.add('marketing', [example(texts[0]!, googleAds), example(texts[0]!, googleAds)], { details: true }))
        .toEqual({ added: 1, existing: 1, statuses: ['added', 'existing'] });
      expect((await store.getDataset('marketing'))!.examples).toBe(6);
      expect((await store.taskHashes('marketing')).size).toBe(5);
      expect((await store.taskHashes('marketing', 'ana')).size).toBe(2);
      expect((await store.inputHashes('marketing')).size).toBe(3);
      expect((await store.inputHashes('marketing', 'ana')).size).toBe(2);
      expect((await store.inputHashes('nothing-here')).size).toBe(0);
      expect((await store.taskHashes('nothing-here')).size).toBe(0);
    });

    it('input hashes count answered examples only; examples() filters by answer, none and session', async () => {
      await store.add('d', [{ text: texts[0]! }, example(texts[1]!, [], { answer: 'reject' }), example(texts[2]!, [], { answer: 'ignore' })]);
      await store.add('d', [example(texts[0]!, googleAds)], { session: 'luis' });
      expect([...await store.inputHashes('d')].length).toBe(3);
      // The raw text stored without an answer is not an annotated input of session ''.
      expect([...await store.inputHashes('d', '')].length).toBe(2);
      expect((await all(store.examples('d', { answer: 'none' }))).map((e) => e.text)).toEqual([texts[0]]);
      expect((await all(store.examples('d', { answer: 'reject' }))).map((e) => e.text)).toEqual([texts[1]]);
      expect((await all(store.examples('d', { session: 'luis' }))).map((e) => e._session_id)).toEqual(['luis']);
      expect((await all(store.examples('d', { session: '' }))).length).toBe(3);
    });

    it('replace keeps the newest answer, ignore keeps the first', async () => {
      await store.add('d', [example(texts[1]!, [], { answer: 'reject', _timestamp: 100 })], { session: 'ana' });
      await store.add('d', [example(texts[1]!, [], { answer: 'accept', _timestamp: 200 })], { session: 'ana' });
      expect((await all(store.examples('d')))[0]!.answer).toBe('reject');
      expect(await store.add('d', [example(texts[1]!, [], { answer: 'accept', _timestamp: 200 })], { session: 'ana', onConflict: 'replace' }))
        .toEqual({ added: 0, existing: 1 });
      expect((await all(store.examples('d')))[0]!.answer).toBe('accept');
      // An older answer does not overwrite a newer one, in another call or in the same call.
      await store.add('d', [example(texts[1]!, [], { answer: 'ignore', _timestamp: 50 })], { session: 'ana', onConflict: 'replace' });
      await store.add('d', [example(texts[2]!, [], { answer: 'ignore', _timestamp: 300 }), example(texts[2]!, [], { answer: 'reject', _timestamp: 250 })],
        { session: 'ana', onConflict: 'replace' });
      const rows = await all(store.examples('d'));
      expect(rows.map((r) => [r.text, r.answer, r._session_id])).toEqual([[texts[1], 'accept', 'ana'], [texts[2], 'ignore', 'ana']]);
    });

    it('removes one answer (undo), reports whether there was one, and getExample finds by session', async () => {
      await store.add('d', [example(texts[2]!, [], { answer: 'reject' })], { session: 'luis' });
      await store.add('d', [example(texts[2]!)], { session: 'ana' });
      const [h] = [...await store.taskHashes('d')];
      expect((await store.getExample('d', h!, 'luis'))!.answer).toBe('reject');
      expect((await store.getExample('d', h!, 'ana'))!.answer).toBe('accept');
      expect(await store.getExample('d', h!, 'pablo')).toBeUndefined();
      expect(await store.remove('d', h!, 'pablo')).toBe(false);
      expect(await store.remove('d', h!, 'luis')).toBe(true);
      expect(await store.remove('d', h!, 'luis')).toBe(false);
      expect((await store.getExample('d', h!))!._session_id).toBe('ana');
      expect(await store.remove('d', h!, 'ana')).toBe(true);
      expect(await store.getExample('d', h!)).toBeUndefined();
      await expect(store.remove('no-such', h!)).rejects.toMatchObject({ code: 'E_STORE_NO_DATASET' });
    });

    it('pages through large datasets in insertion order with filters, from an async source', async () => {
      async function* many(): AsyncIterable<Example> {
        for (let i = 0; i < 1234; i++) yield example(`Frase número ${i} sobre la campaña de otoño.`, [], { answer: i % 3 === 0 ? 'reject' : 'accept' });
      }
      expect((await store.add('big', many())).added).toBe(1234);
      const rows = await all(store.examples('big'));
      expect(rows.map((r) => r.text)).toEqual(Array.from({ length: 1234 }, (_, i) => `Frase número ${i} sobre la campaña de otoño.`));
      expect((await all(store.examples('big', { answer: 'reject' }))).length).toBe(412);
    });

    it('stats count answers, sessions, inputs and accepted labels', async () => {
      await store.add('d', [example(texts[0]!, googleAds)], { session: 'ana' });
      await store.add('d', [example(texts[0]!, googleAds), example(texts[1]!, metaAds, { answer: 'ignore' })], { session: 'luis' });
      await store.add('d', [example(texts[1]!, [...metaAds!, ...madrid!])], { session: 'luis' });
      await store.add('d', [{ text: texts[2]! }]);
      const s = await store.stats('d');
      expect(s).toMatchObject({ name: 'd', examples: 5, accept: 3, reject: 0, ignore: 1, unanswered: 1, inputs: 3, labels: { PLATAFORMA: 3, LUGAR: 1 } });
      expect(s.sessions.map((x) => [x.session, x.total, x.accept, x.ignore])).toEqual([['', 1, 0, 0], ['ana', 1, 1, 0], ['luis', 3, 2, 1]]);
      expect(s.sessions.every((x) => typeof x.last === 'number' && x.last > 0)).toBe(true);
      await expect(store.stats('marketin')).rejects.toMatchObject({ code: 'E_STORE_NO_DATASET' });
    });

    it('merges datasets, keeping sessions or collapsing them (newest answer wins)', async () => {
      await store.add('a', [example(texts[0]!, [], { answer: 'reject', _timestamp: 10 })], { session: 'ana' });
      await store.add('b', [example(texts[0]!, [], { answer: 'accept', _timestamp: 20 })], { session: 'luis' });
      expect(await store.merge(['a', 'b'], 'ab')).toEqual({ added: 2, existing: 0 });
      expect(await store.merge(['a', 'b'], 'ab')).toEqual({ added: 0, existing: 2 });
      expect(await store.merge(['b', 'a'], 'one', { collapse: '' })).toEqual({ added: 1, existing: 1 });
      const [only] = await all(store.examples('one'));
      expect(only!.answer).toBe('accept');
      expect(only!._session_id).toBeUndefined();
      await expect(store.merge(['a'], 'a')).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
      await expect(store.merge(['a', 'zz'], 'c')).rejects.toMatchObject({ code: 'E_STORE_NO_DATASET' });
      expect(await store.getDataset('c')).toBeUndefined();
    });

    it('agreement over the stored sessions of a dataset', async () => {
      await store.add('acuerdo', [example(texts[0]!, googleAds), example(texts[1]!, metaAds)], { session: 'ana' });
      await store.add('acuerdo', [example(texts[0]!, googleAds), example(texts[1]!, [...metaAds!, ...madrid!])], { session: 'luis' });
      const r = entityAgreement(await all(store.examples('acuerdo')));
      expect(r.sessions).toEqual(['ana', 'luis']);
      expect(r.pairs[0]).toMatchObject({ a: 'ana', b: 'luis', shared: 2 });
      // ana 2 spans, luis 3, 2 shared: F1 = 4 / 5.
      expect(r.f1).toBeCloseTo(0.8, 10);
      expect(r.perLabel.LUGAR).toMatchObject({ a: 0, b: 1, both: 0 });
    });

    it('lists, drops and recreates datasets', async () => {
      await store.add('tmp', texts.map((t) => example(t)));
      await store.ensureDataset('Alfa');
      expect((await store.datasets()).map((d) => [d.name, d.examples])).toEqual([['Alfa', 0], ['tmp', 3]]);
      expect(await store.dropDataset('tmp')).toBe(true);
      expect(await store.dropDataset('tmp')).toBe(false);
      expect((await store.datasets()).map((d) => d.name)).toEqual(['Alfa']);
      expect(await store.add('tmp', [example(texts[0]!)])).toEqual({ added: 1, existing: 0 });
    });

    it('rejects bad names and bad examples with actionable errors', async () => {
      await store.ensureDataset('marketing', { labels: ['PLATAFORMA'] });
      await expect(store.add('../etc/passwd', [])).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
      await expect(store.stats('marketin')).rejects.toMatchObject({ code: 'E_STORE_NO_DATASET', hint: expect.stringContaining('marketing') });
      await expect(store.add('d', [{ texto: 'hola' } as unknown as Example])).rejects.toMatchObject({ code: 'E_STORE_BAD_EXAMPLE' });
      await expect(store.add('d', [example(texts[0]!)], { session: 'a b' })).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
      expect((await store.getDataset('d'))?.examples ?? 0).toBe(0);
    });

    it('keeps dataset meta and merges updates into it', async () => {
      const created = await store.ensureDataset('m', { labels: ['PLATAFORMA', 'METRICA'], mode: 'manual' });
      expect(created).toMatchObject({ name: 'm', examples: 0 });
      await store.ensureDataset('m', { mode: 'teach' });
      await store.ensureDataset('m');
      expect((await store.getDataset('m'))!.meta).toEqual({ labels: ['PLATAFORMA', 'METRICA'], mode: 'teach' });
    });

    it('two connections see each other; a dataset dropped by one comes back for the other', async () => {
      const other = second();
      await other.add('shared', [example(texts[0]!)], { session: 'ana' });
      expect((await store.taskHashes('shared', 'ana')).size).toBe(1);
      await store.add('shared', [example(texts[1]!)]);
      expect(await other.dropDataset('shared')).toBe(true);
      expect(await store.add('shared', [example(texts[2]!)])).toEqual({ added: 1, existing: 0 });
      expect((await other.getDataset('shared'))!.examples).toBe(1);
    });

    it('concurrent writers of the same answers store each task once', async () => {
      const other = second();
      const batch = (i: number) => Array.from({ length: 40 }, (_, k) => example(`Informe ${k} de la campaña de Meta Ads en Sevilla.`, [], { _timestamp: i }));
      const results = await Promise.all([store.add('carrera', batch(1), { session: 'ana' }), other.add('carrera', batch(2), { session: 'ana' }),
        store.add('carrera', batch(3), { session: 'ana', onConflict: 'replace' })]);
      expect(results.reduce((n, r) => n + r.added, 0)).toBe(40);
      expect(results.reduce((n, r) => n + r.added + r.existing, 0)).toBe(120);
      expect((await store.getDataset('carrera'))!.examples).toBe(40);
    });
    it('task leases (when the backend has them): racing claims are disjoint, done is final, expired leases are taken over', async (t) => {
      if (!store.leases) { t.skip(); return; }
      const other = second();
      await store.ensureDataset('cola');
      const tasks = Array.from({ length: 20 }, (_, i) => ({ hash: 7000 + i, task: { text: `Tarea ${i} de la campaña de Meta Ads.`, _task_hash: 7000 + i } }));
      const [ana, luis] = await Promise.all([store.leases.claim('cola', '', 'ana', tasks, 60_000), other.leases!.claim('cola', '', 'luis', tasks, 60_000)]);
      expect([...ana].filter((h) => luis.has(h))).toEqual([]);
      expect(ana.size + luis.size).toBe(20);
      // Claiming again changes nothing; a lease renews for its holder only.
      expect((await other.leases!.claim('cola', '', 'luis', tasks, 60_000)).size).toBe(luis.size);
      // Storing the answer marks its lease done in the same statement: never handed out again.
      const [first] = [...ana];
      await store.add('cola', [example(texts[1]!, [], { _task_hash: first!, answer: 'accept' })], { session: 'ana' });
      expect(await store.leases.lease('cola', '', first!)).toMatchObject({ session: 'ana', done: true, live: false });
      expect((await other.leases!.available('cola', '', 'luis', [first!])).size).toBe(0);
      expect((await store.leases.renew('cola', '', 'ana', 50, 60_000)).map((x) => x.hash)).not.toContain(first);
      // An answered task (in examples) is not claimed even without a lease.
      await store.add('cola', [example(texts[0]!, [], { _task_hash: 8000 })], { session: 'pablo' });
      expect((await store.leases.claim('cola', '', 'ana', [{ hash: 8000, task: {} }], 60_000)).size).toBe(0);
      // Short leases expire: another session takes them over, SKIP LOCKED keeps two takers apart.
      const short = Array.from({ length: 6 }, (_, i) => ({ hash: 9000 + i, task: { i } }));
      expect((await store.leases.claim('cola', 'q2', 'ana', short, 50)).size).toBe(6);
      await new Promise((r) => setTimeout(r, 120));
      const [m1, m2] = await Promise.all([store.leases.takeOver('cola', 'q2', 'marta', 4, 60_000), other.leases!.takeOver('cola', 'q2', 'pablo', 4, 60_000)]);
      const taken = [...m1, ...m2].map((x) => x.hash);
      expect(new Set(taken).size).toBe(6);
      expect(taken.length).toBe(6);
      expect(await store.leases.renew('cola', 'q2', 'ana', 10, 60_000)).toEqual([]);
      // Undo puts the task first among its session's leases.
      const own = await store.leases.renew('cola', 'q2', 'marta', 10, 60_000);
      const last = own[own.length - 1]!;
      await store.leases.reopen('cola', 'q2', 'marta', last, 60_000);
      expect((await store.leases.renew('cola', 'q2', 'marta', 10, 60_000))[0]!.hash).toBe(last.hash);
    });
    it("renewAndClaim: the session's open leases first, then as many candidates as fit, in order", async (t) => {
      if (!store.leases) { t.skip(); return; }
      await store.ensureDataset('cola2');
      const task = (i: number) => ({ hash: 5000 + i, task: { text: `Tarea ${i} del informe de Google Ads.`, _task_hash: 5000 + i } });
      const own = await store.leases.renewAndClaim('cola2', '', 'ana', 2, 60_000, [task(0), task(1), task(2)]);
      expect(own.renewed).toEqual([]);
      expect([...own.claimed]).toEqual([5000, 5001]); // 5002 not tried: n is 2
      // Asked again (a reload): both come back renewed, the candidate is not tried; luis gets what is free.
      const again = await store.leases.renewAndClaim('cola2', '', 'ana', 2, 60_000, [task(2)]);
      expect(again.renewed.map((x) => x.hash)).toEqual([5000, 5001]);
      expect(again.renewed[0]!.task).toEqual(task(0).task);
      expect(again.claimed.size).toBe(0);
      const luis = await second().leases!.renewAndClaim('cola2', '', 'luis', 3, 60_000, [task(1), task(2), task(3)]);
      expect([...luis.claimed].sort()).toEqual([5002, 5003]);
      // One answered: one renewed, room for one candidate.
      await store.add('cola2', [example(texts[0]!, [], { _task_hash: 5000, answer: 'reject' })], { session: 'ana' });
      const next = await store.leases.renewAndClaim('cola2', '', 'ana', 2, 60_000, [task(4), task(5)]);
      expect(next.renewed.map((x) => x.hash)).toEqual([5001]);
      expect([...next.claimed]).toEqual([5004]); // 5005 not tried
      // A candidate held by another session is tried and lost; the ones after it are not tried.
      const lost = await store.leases.renewAndClaim('cola2', '', 'marta', 1, 60_000, [task(3), task(6)]);
      expect(lost).toEqual({ renewed: [], claimed: new Set() });
    });
    it('reservations: a server reserves tasks under its own holder, hands them to its sessions; others cannot take them until they expire', async (t) => {
      if (!store.leases) { t.skip(); return; }
      const other = second();
      await store.ensureDataset('cola3');
      const task = (i: number) => ({ hash: 6000 + i, task: { text: `Tarea ${i}: el CTR de Meta Ads en Sevilla.`, _task_hash: 6000 + i } });
      const tasks = [task(0), task(1), task(2), task(3)];
      // Two servers reserving the same tasks at once get disjoint sets.
      const [a, b] = await Promise.all([store.leases.reserve('cola3', '', '~server-a', tasks, 60_000), other.leases!.reserve('cola3', '', '~server-b', tasks, 60_000)]);
      expect([...a].filter((h) => b.has(h))).toEqual([]);
      expect(a.size + b.size).toBe(4);
      const mine = tasks.filter((x) => a.has(x.hash)), theirs = tasks.filter((x) => b.has(x.hash));
      // Server b's session cannot take server a's reservation; server a's session can, and keeps it.
      if (mine.length) {
        expect((await other.leases!.renewAndClaim('cola3', '', 'luis', 1, 60_000, [mine[0]!], '~server-b')).claimed.size).toBe(0);
        expect([...(await store.leases.renewAndClaim('cola3', '', 'ana', 1, 60_000, [mine[0]!], '~server-a')).claimed]).toEqual([mine[0]!.hash]);
        expect(await store.leases.lease('cola3', '', mine[0]!.hash)).toMatchObject({ session: 'ana', live: true });
        // Handed out, it is ana's: server a cannot hand it to another of its sessions.
        expect((await store.leases.claim('cola3', '', 'pablo', [mine[0]!], 60_000, '~server-a')).size).toBe(0);
      }
      if (theirs.length) expect((await store.leases.claim('cola3', '', 'ana', [theirs[0]!], 60_000, '~server-a')).size).toBe(0);
      // Only tasks never handed out are reserved: not a session's, not an answered one.
      expect((await other.leases!.reserve('cola3', '', '~server-b', tasks, 60_000)).size).toBe(0);
      await store.add('cola3', [example(texts[0]!, [], { _task_hash: 6020, answer: 'accept' })], { session: 'pablo' });
      expect([...(await store.leases.reserve('cola3', '', '~server-a', [task(20), task(21)], 60_000))]).toEqual([6021]);
      // An expired reservation (a killed server's) is taken over like any expired lease.
      const short = [task(10), task(11)];
      expect((await store.leases.reserve('cola3', '', '~server-c', short, 50)).size).toBe(2);
      await new Promise((r) => setTimeout(r, 120));
      expect((await store.leases.takeOver('cola3', '', 'marta', 5, 60_000)).map((x) => x.hash).sort()).toEqual([6010, 6011]);
    });
  });
}
