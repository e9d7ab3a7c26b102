/**
 * State keeps keyed collections as plain objects (JSON-serialisable for snapshots). Keys come from
 * outside (call ids, purchase ids), so reads check own properties and writes define them: an id such as
 * "constructor" or "__proto__" must behave like any other.
 */
export type Keyed<T> = Record<string, T>;

export function lookup<T>(record: Readonly<Keyed<T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setEntry<T>(record: Keyed<T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
