/**
 * The HTTP repository: the only code that talks to the server. Sends the session from the page URL
 * (`?session=ana`) with every call and turns error replies into `ApiFailure` with the server's reason.
 */
import type { AnswerIn, AnswersResponse, ApiError, ConfigResponse, TasksResponse, UndoResponse } from '@nerflow/annotate';

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ApiError) {
    super(body.error);
  }
}

export class ApiClient {
  constructor(private readonly session: string, private readonly base = './api') {}

  private url(path: string, extra = ''): string {
    const q = new URLSearchParams();
    if (this.session) q.set('session', this.session);
    const query = q.toString();
    return `${this.base}${path}${query || extra ? '?' : ''}${query}${query && extra ? '&' : ''}${extra}`;
  }

  private async call<T>(path: string, init: RequestInit = {}, extra = ''): Promise<T> {
    const res = await fetch(this.url(path, extra), { credentials: 'same-origin', ...init });
    const body = (await res.json().catch(() => ({ code: `E_HTTP_${res.status}`, error: res.statusText }))) as T | ApiError;
    if (!res.ok) throw new ApiFailure(res.status, body as ApiError);
    return body as T;
  }

  config(): Promise<ConfigResponse> {
    return this.call('/config');
  }

  tasks(n: number): Promise<TasksResponse> {
    return this.call('/tasks', {}, `n=${n}`);
  }

  answer(answer: AnswerIn): Promise<AnswersResponse> {
    return this.call('/answers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers: [answer] }) });
  }

  undo(taskHash: number): Promise<UndoResponse> {
    return this.call(`/answers/${taskHash}`, { method: 'DELETE' });
  }
}
