/**
 * `JSON.parse` (and Node's querystring) create *own* properties named `__proto__`, `constructor` and
 * `prototype`; class-transformer and class-validator's whitelist do not see them as unknown, and code that
 * merges such an object into another would change Object.prototype. They are refused like any unknown
 * property, at any depth.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Node {
  value: object;
  parent: Node | undefined;
  key: string;
}

/**
 * The path (`a.0.b`, as class-validator names nested fields) of the first prototype key in a parsed body
 * or query, or undefined. Iterative, so a deeply nested 64 kB body cannot overflow the stack; paths are
 * built only for the key found, so a clean body costs one Object.keys per object and nothing more.
 */
export function prototypeKeyPath(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const pending: Node[] = [{ value, parent: undefined, key: '' }];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const object = node.value as Record<string, unknown>;
    const keys = Array.isArray(object) ? undefined : Object.keys(object);
    const length = keys ? keys.length : (object as unknown as unknown[]).length;
    for (let i = 0; i < length; i++) {
      const key = keys ? keys[i] : String(i);
      if (keys && PROTOTYPE_KEYS.has(key)) return pathOf(node, key);
      const child = object[key];
      if (typeof child === 'object' && child !== null) pending.push({ value: child, parent: node, key });
    }
  }
  return undefined;
}

function pathOf(node: Node, key: string): string {
  const keys = [key];
  for (let at: Node | undefined = node; at?.parent; at = at.parent) keys.unshift(at.key);
  return keys.join('.');
}
