import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { glinerFolder, loadGliner } from './glinerPredictor.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-gliner-es', import.meta.url));
const TEXT = [{ text: 'Ana trabaja en Telefónica desde el lunes.' }, { text: 'Luis viajó de Madrid a Sevilla con María López.' }];

/**
 * There is no model hub here: a local HTTP server answers the hub's URL scheme
 * ({model}/resolve/{revision}/{file}) with the tiny GLiNER fixture, so the download code that runs
 * against huggingface.co runs here unchanged (only env.remoteHost differs).
 */
describe('GLiNER from a hub id (downloaded once into the cache, then offline)', () => {
  let server: Server;
  const requests: string[] = [];
  const saved = { host: env.remoteHost, cache: env.cacheDir, remote: env.allowRemoteModels };
  const cache = mkdtempSync(path.join(tmpdir(), 'nerflow-gliner-hub-'));

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const m = /^\/nerflow-test\/tiny-gliner-es\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = m ? path.join(FIXTURE, decodeURIComponent(m[1]!)) : '';
      if (!m || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200);
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    env.remoteHost = `http://127.0.0.1:${port}/`;
    env.cacheDir = cache;
    env.allowRemoteModels = true;
  });

  afterAll(async () => {
    env.remoteHost = saved.host;
    env.cacheDir = saved.cache;
    env.allowRemoteModels = saved.remote;
    await new Promise((r) => server.close(r));
    rmSync(cache, { recursive: true, force: true });
  });

  it('refuses a hub id that is not cached when downloads are off, before any request', async () => {
    await expect(loadGliner('nerflow-test/tiny-gliner-es', { labels: ['PERSONA'], localOnly: true }))
      .rejects.toMatchObject({ code: 'E_TRAIN_TRANSFORMER_LOAD', message: expect.stringContaining('downloads are off') });
    expect(requests).toEqual([]);
  });

  it('downloads the export once, predicts as the local folder does, and loads offline afterwards', async () => {
    const labels = ['PERSONA', 'EMPRESA', 'LUGAR'];
    const fromHub = await loadGliner('nerflow-test/tiny-gliner-es', { labels });
    const local = await loadGliner(FIXTURE, { labels });
    const a = (await fromHub.predict(TEXT)).map((x) => x.spans);
    const b = (await local.predict(TEXT)).map((x) => x.spans);
    expect(b.flat().length).toBeGreaterThan(2);
    expect(a).toEqual(b);
    expect(requests.some((u) => u.endsWith('/onnx/model.onnx'))).toBe(true);
    const asked = requests.length;
    const again = await glinerFolder('nerflow-test/tiny-gliner-es', { localOnly: true });
    expect(existsSync(path.join(again, 'onnx', 'model.onnx'))).toBe(true);
    expect(requests.length).toBe(asked); // from the cache: no request
    fromHub.dispose?.();
    local.dispose?.();
  });

  it('names the URL and the status when the hub has no such model', async () => {
    await expect(loadGliner('nerflow-test/no-such-model', { labels: ['PERSONA'] }))
      .rejects.toMatchObject({ code: 'E_TRAIN_TRANSFORMER_LOAD', message: expect.stringMatching(/no-such-model\/resolve\/main\/gliner_config\.json: HTTP 404/) });
  });
});
