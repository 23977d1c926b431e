import { timingSafeEqual } from 'node:crypto';
import { NerError } from '@nerflow/corpus';
import { AnnotateErrors } from './errors.js';

/** Credentials for a server reachable from other machines (from env vars, never from flags: flags show in `ps`). */
export interface AuthConfig {
  token?: string;
  user?: string;
  password?: string;
}

/** NERFLOW_ANNOTATE_TOKEN, or NERFLOW_ANNOTATE_USER + NERFLOW_ANNOTATE_PASSWORD. */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const cfg: AuthConfig = {};
  if (env.NERFLOW_ANNOTATE_TOKEN) cfg.token = env.NERFLOW_ANNOTATE_TOKEN;
  if (env.NERFLOW_ANNOTATE_USER && env.NERFLOW_ANNOTATE_PASSWORD) {
    cfg.user = env.NERFLOW_ANNOTATE_USER;
    cfg.password = env.NERFLOW_ANNOTATE_PASSWORD;
  }
  return cfg;
}

export const hasAuth = (a: AuthConfig) => Boolean(a.token || (a.user && a.password));

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Refuses to serve a non-loopback address without credentials (the data is the user's documents). */
export function checkBindSafety(host: string, auth: AuthConfig): void {
  if (isLoopback(host) || hasAuth(auth)) return;
  throw new NerError(AnnotateErrors.NO_AUTH, `Refusing to listen on ${host} without credentials.`, {
    hint: 'Set NERFLOW_ANNOTATE_TOKEN (then open the URL with ?token=...) or NERFLOW_ANNOTATE_USER and NERFLOW_ANNOTATE_PASSWORD, or keep --host 127.0.0.1.',
  });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Credentials {
  authorization?: string;
  cookieToken?: string;
  queryToken?: string;
}

/** Checks one request's credentials (constant-time comparisons). True when no auth is configured. */
export function authorized(auth: AuthConfig, c: Credentials): boolean {
  if (!hasAuth(auth)) return true;
  const header = c.authorization ?? '';
  if (auth.token) {
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : undefined;
    for (const t of [bearer, c.cookieToken, c.queryToken]) if (t !== undefined && same(t, auth.token)) return true;
  }
  if (auth.user && auth.password && header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && same(decoded.slice(0, colon), auth.user) && same(decoded.slice(colon + 1), auth.password)) return true;
  }
  return false;
}
