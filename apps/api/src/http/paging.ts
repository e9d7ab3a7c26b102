import type { FastifyReply } from 'fastify';
import { OptionalQueryInt } from './query-int';

/** offset/limit for every list; react-admin reads the total from the headers. */
export class PageRequest {
  @OptionalQueryInt(0, undefined, { example: 0 })
  offset?: number;

  @OptionalQueryInt(1, 500, { example: 25, description: '1 to 500 (default 25).' })
  limit?: number;
}

/** Sends a page's items with X-Total-Count and Content-Range (`<resource> first-last/total`). */
export function sendPage<T>(response: FastifyReply, resource: string, offset: number, page: { items: T[]; total: number }): T[] {
  response.header('X-Total-Count', String(page.total));
  const last = page.items.length ? offset + page.items.length - 1 : offset;
  response.header('Content-Range', `${resource} ${offset}-${last}/${page.total}`);
  return page.items;
}
