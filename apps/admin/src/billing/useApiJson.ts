import { useEffect, useState } from 'react';
import { apiJson } from '../api/http';

/** GET a JSON document of the API; `key` changing fetches it again (the last answer stays meanwhile). */
export function useApiJson<T>(path: string, key = ''): { data: T | undefined; error: unknown; isPending: boolean } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; isPending: boolean }>({ data: undefined, error: null, isPending: true });
  useEffect(() => {
    let current = true;
    apiJson<T>(path)
      .then((data) => current && setState({ data, error: null, isPending: false }))
      .catch((error: unknown) => current && setState((s) => ({ data: s.data, error, isPending: false })));
    return () => {
      current = false;
    };
  }, [path, key]);
  return state;
}
