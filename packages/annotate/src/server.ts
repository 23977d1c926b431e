import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { NerError, toNerError } from '@nerflow/corpus';
import type { Logger } from '@nerflow/core';
import type { AnswersResponse, ApiError, ConfigResponse, Progress, TasksResponse, UndoResponse } from './api.js';
import type { Annotator } from './annotator.js';
import type { TermsAnnotator } from './terms-annotator.js';
import { authorized, checkBindSafety, hasAuth, isLoopback, type AuthConfig } from './auth.js';
import { AnnotateErrors } from './errors.js';
import { parseAnswersRequest } from './validate-answer.js';
import type { StaticFile } from './static-ui.js';

export interface ServerOptions {
  /** What answers the API: the span modes' Annotator, or terms mode's TermsAnnotator. */
  annotator: Pick<Annotator | TermsAnnotator, 'config' | 'progress' | 'tasks' | 'answer' | 'undo'>;
  /** Built page files (see `loadUi`); without them only the API is served. */
  ui?: Map<string, StaticFile>;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  auth?: AuthConfig;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  log?: Logger;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const SESSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function session(req: FastifyRequest): string {
  const s = (req.query as Record<string, unknown>).session;
  if (s === undefined || s === '') return '';
  if (typeof s !== 'string' || !SESSION_RE.test(s)) {
    throw new NerError('E_STORE_BAD_NAME', `Invalid session name ${JSON.stringify(s)}.`, {
      hint: "Use ?session=NAME with 1-128 letters, digits, '_', '.' or '-'.",
    });
  }
  return s;
}

const STATUS: Record<string, number> = {
  [AnnotateErrors.BAD_ANSWER]: 400, [AnnotateErrors.UNKNOWN_TASK]: 400, E_STORE_BAD_NAME: 400,
  [AnnotateErrors.UNAUTHORIZED]: 401, [AnnotateErrors.LEASED]: 409,
  // The server's own disk or files, not the request: the page should retry later, not fix its answer.
  E_DISK_FULL: 507, E_FILE_ACCESS: 503, E_TOO_MANY_FILES: 503,
};

/** A malformed %-escape in a cookie is a wrong credential (401), not a server error (500). */
function safeDecode(s: string): string | undefined {
  try { return decodeURIComponent(s); } catch { return undefined; }
}

/**
 * Starts the annotation HTTP server (fastify): the page at `/` and the JSON API under `/api`.
 * Binds 127.0.0.1 unless told otherwise; another address needs credentials (see auth.ts), checked on
 * every request. Resolves once listening.
 * @example const s = await startServer({ annotator, port: 8080 }); console.log(s.url);
 */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const auth = o.auth ?? {};
  checkBindSafety(host, auth);
  const a = o.annotator;
  const app = Fastify({ bodyLimit: o.bodyLimit ?? 1024 * 1024, logger: false });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('Content-Security-Policy', CSP).header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer').header('Cache-Control', 'no-store');
    // DNS rebinding: a page on another site must not reach a loopback server through its own name.
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (isLoopback(host) && !isLoopback(hostname)) {
      return reply.code(403).send({ code: AnnotateErrors.UNAUTHORIZED, error: `Host "${hostname}" is not allowed.` } satisfies ApiError);
    }
    const query = req.query as Record<string, unknown>;
    const cookieToken = /(?:^|;\s*)nerflow_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const queryToken = typeof query.token === 'string' ? query.token : undefined;
    if (!authorized(auth, { authorization: req.headers.authorization, cookieToken: cookieToken && safeDecode(cookieToken), queryToken })) {
      if (auth.user) reply.header('WWW-Authenticate', 'Basic realm="nerflow annotate", charset="UTF-8"');
      return reply.code(401).send({ code: AnnotateErrors.UNAUTHORIZED, error: 'Missing or wrong credentials.' } satisfies ApiError);
    }
    // Opened once with ?token=: keep it in a cookie so the page's own API calls carry it.
    if (hasAuth(auth) && queryToken) reply.header('Set-Cookie', `nerflow_token=${encodeURIComponent(queryToken)}; HttpOnly; SameSite=Strict; Path=/`);
  });

  app.setErrorHandler((err: unknown, _req, reply: FastifyReply) => {
    const fe = err as { statusCode?: number; code?: string; message?: string };
    if (!(err instanceof NerError) && fe.statusCode && fe.statusCode < 500) {
      // fastify's own 4xx: bad JSON, body too large, wrong content type.
      return reply.code(fe.statusCode).send({ code: `E_HTTP_${fe.code ?? fe.statusCode}`, error: fe.message ?? 'Bad request' } satisfies ApiError);
    }
    const ne = toNerError(err);
    const status = STATUS[ne.code] ?? (ne.code === 'E_INTERNAL' ? 500 : 400);
    if (status >= 500) o.log?.error(`annotate server: ${ne.message}`);
    return reply.code(status).send({ code: ne.code, error: ne.message, hint: ne.hint, detail: status < 500 ? ne.detail : undefined } satisfies ApiError);
  });

  const progress = (s: string): Promise<Progress> => a.progress(s);

  app.get('/api/health', async () => ({ ok: true }));
  app.get('/api/config', async (req): Promise<ConfigResponse> => a.config(session(req)));
  app.get('/api/progress', async (req): Promise<Progress> => progress(session(req)));
  app.get('/api/tasks', async (req): Promise<TasksResponse> => {
    const s = session(req);
    const n = Math.min(50, Math.max(1, Number((req.query as Record<string, unknown>).n ?? 1) || 1));
    const tasks = await a.tasks(s, n);
    return { tasks, progress: await progress(s) };
  });
  app.post('/api/answers', async (req): Promise<AnswersResponse> => {
    const s = session(req);
    const stored = await a.answer(s, parseAnswersRequest(req.body));
    return { stored, progress: await progress(s) };
  });
  app.delete<{ Params: { hash: string } }>('/api/answers/:hash', async (req): Promise<UndoResponse> => {
    const s = session(req);
    const hash = Number(req.params.hash);
    if (!Number.isSafeInteger(hash)) {
      throw new NerError(AnnotateErrors.BAD_ANSWER, `"${req.params.hash}" is not a task hash.`, { hint: 'DELETE /api/answers/<_task_hash>' });
    }
    const task = await a.undo(s, hash);
    return { task, progress: await progress(s) };
  });

  if (o.ui) {
    const ui = o.ui;
    app.get('/*', async (req, reply) => {
      const file = ui.get(new URL(req.url, 'http://x').pathname);
      if (!file) return reply.code(404).type('text/plain').send('Not found');
      return reply.type(file.type).send(file.body);
    });
  }

  try {
    await app.listen({ host, port: o.port ?? 8080 });
  } catch (cause) {
    throw new NerError(AnnotateErrors.LISTEN, `Cannot listen on ${host}:${o.port ?? 8080}: ${(cause as Error).message}`, {
      hint: 'Pick another --port (or 0 for any free port), or stop the program using this one.', cause,
    });
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}/`, app, close: () => app.close() };
}
