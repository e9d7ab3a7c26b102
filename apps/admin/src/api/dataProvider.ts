import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import type { BillingSummary } from './types';
import { accountPath, apiFetch, apiJson, totalOf } from './http';
import { MAX_PAGE, RESOURCES, type ResourceSpec } from './resources';

const withId = (spec: ResourceSpec, row: Record<string, unknown>): RaRecord => ({ ...row, id: String(row[spec.idField]) });

function specOf(resource: string): ResourceSpec {
  const spec = RESOURCES[resource];
  if (!spec) throw new Error(`unknown resource "${resource}"`);
  return spec;
}

/** One request for rows [offset, offset + limit). */
async function fetchRange(spec: ResourceSpec, accountId: string | undefined, params: GetListParams, offset: number, limit: number) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(spec.query?.(params.filter ?? {}) ?? {})) if (value !== undefined) query.set(key, value);
  if (spec.paging === 'offset') {
    query.set('offset', String(offset));
    query.set('limit', String(limit));
  } else if (spec.paging === 'revision') {
    query.set('fromRevision', String(offset));
    query.set('limit', String(limit));
  }
  const sort = params.sort && spec.sorts?.[params.sort.field];
  if (sort) {
    query.set('sort', sort);
    query.set('order', params.sort?.order === 'DESC' ? 'desc' : 'asc');
  }
  const search = query.toString();
  const response = await apiFetch(`${spec.path(accountId)}${search ? `?${search}` : ''}`);
  const answer = (await response.json()) as unknown;
  const rows = (spec.unwrap ? (answer as Record<string, unknown>)[spec.unwrap] : answer) as Record<string, unknown>[];
  return { rows, total: totalOf(response, rows.length) };
}

async function list(resource: string, params: GetListParams, accountId: string | undefined) {
  const spec = specOf(resource);
  if (spec.scoped && !accountId) return { data: [], total: 0 };
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const start = (page - 1) * perPage;
  if (spec.paging === 'none') {
    const { rows } = await fetchRange(spec, accountId, params, 0, 0);
    return { data: rows.slice(start, start + perPage).map((row) => withId(spec, row)), total: rows.length };
  }
  const rows: Record<string, unknown>[] = [];
  let total = 0;
  // Exports ask for up to 1,000 rows at once; the API serves at most 500 per request.
  for (let offset = start; offset < start + perPage; offset += MAX_PAGE) {
    const part = await fetchRange(spec, accountId, params, offset, Math.min(MAX_PAGE, start + perPage - offset));
    rows.push(...part.rows);
    total = part.total;
    if (part.rows.length < Math.min(MAX_PAGE, start + perPage - offset)) break;
  }
  return { data: rows.map((row) => withId(spec, row)), total };
}

const billingOf = async (id: string): Promise<RaRecord> => {
  const summary = await apiJson<BillingSummary>(`${accountPath(id)}/billing`);
  return { ...summary, id: summary.accountId };
};

const readOnly = () => Promise.reject(new Error('The console changes billing through its own actions, not generic edits.'));

/** react-admin's data provider on the API's list endpoints (X-Total-Count / Content-Range). */
export const dataProvider: DataProvider = {
  getList: (resource, params) => {
    const accountId = typeof params.filter?.accountId === 'string' ? params.filter.accountId : undefined;
    return list(resource, params, accountId) as never;
  },
  getManyReference: (resource, params) => {
    if (params.target !== 'accountId') throw new Error(`${resource} is only listed by account`);
    return list(resource, params, String(params.id)) as never;
  },
  getOne: async (resource, params) => {
    // An account's record is its billing summary: the page the console shows first.
    if (resource === 'accounts' || resource === 'billing') return { data: (await billingOf(String(params.id))) as never };
    if (resource === 'webhook-endpoints') return { data: (await apiJson<RaRecord>(`/v1/webhook-endpoints/${encodeURIComponent(String(params.id))}`)) as never };
    throw new Error(`${resource} records are shown in their account's lists`);
  },
  getMany: async (resource, params) => {
    if (resource !== 'accounts') throw new Error(`${resource} records are shown in their account's lists`);
    return { data: (await Promise.all(params.ids.map((id) => billingOf(String(id))))) as never[] };
  },
  create: readOnly,
  update: readOnly,
  updateMany: readOnly,
  delete: readOnly,
  deleteMany: readOnly,
};
