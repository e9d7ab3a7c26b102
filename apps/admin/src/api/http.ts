import { HttpError } from 'react-admin';
import type { Problem } from './types';
import { readToken } from '../auth/token';

/** An API call with the stored token; problem details become an HttpError whose `body` is the problem. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const token = readToken();
  if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`); // login checks a token it has not stored yet
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) throw await toHttpError(response);
  return response;
}

export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  return (await response.json()) as T;
}

async function toHttpError(response: Response): Promise<HttpError> {
  let problem: Problem = { status: response.status };
  try {
    problem = { ...problem, ...((await response.json()) as Partial<Problem>) };
  } catch {
    // not JSON (a proxy's error page): keep the status alone
  }
  return new HttpError(problem.detail ?? problem.title ?? response.statusText, response.status, problem);
}

/** The problem details carried by an error from apiFetch, if any. */
export function problemOf(error: unknown): Problem | undefined {
  const body = (error as { body?: unknown } | null)?.body;
  return body && typeof body === 'object' && 'status' in body ? (body as Problem) : undefined;
}

/** The total of a paginated answer: X-Total-Count, else Content-Range's "/total". */
export function totalOf(response: Response, fallback: number): number {
  const count = response.headers.get('X-Total-Count');
  if (count !== null && /^\d+$/.test(count)) return Number(count);
  const range = response.headers.get('Content-Range')?.match(/\/(\d+)$/);
  return range ? Number(range[1]) : fallback;
}

export const accountPath = (accountId: string) => `/v1/accounts/${encodeURIComponent(accountId)}`;
