import type { FieldProblem } from './problem';

/**
 * `JSON.parse` (and Node's querystring) create *own* properties named `__proto__`, `constructor` and
 * `prototype`; class-transformer and class-validator's whitelist do not see them as unknown, and code that
 * merges such an object into another would change Object.prototype. They are refused like any unknown
 * property, at any depth. So is nesting deeper than any request needs: class-transformer recurses, and a
 * 64 kB body of `[[[[…]]]]` would otherwise overflow its stack (a 500).
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Our deepest body is a batch: { callEnds: [ { … } ] }. */
export const MAX_DEPTH = 16;

interface Node {
  value: object;
  parent: Node | undefined;
  key: string;
  depth: number;
}

/**
 * The first prototype key (its path `a.0.b`, as class-validator names nested fields) or too-deep value in a
 * parsed body or query, or undefined. Iterative, so no body can overflow this stack; paths are built only for
 * the problem found, so a clean body costs one Object.keys per object and nothing more.
 */
export function untrustedShapeProblem(value: unknown): FieldProblem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const pending: Node[] = [{ value, parent: undefined, key: '', depth: 1 }];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const object = node.value as Record<string, unknown>;
    const keys = Array.isArray(object) ? undefined : Object.keys(object);
    const length = keys ? keys.length : (object as unknown as unknown[]).length;
    for (let i = 0; i < length; i++) {
      const key = keys ? keys[i] : String(i);
      if (keys && PROTOTYPE_KEYS.has(key)) return { field: pathOf(node, key), message: `property ${key} should not exist` };
      const child = object[key];
      if (typeof child !== 'object' || child === null) continue;
      if (node.depth >= MAX_DEPTH) return { field: pathOf(node, key), message: `nested more than ${MAX_DEPTH} levels deep` };
      pending.push({ value: child, parent: node, key, depth: node.depth + 1 });
    }
  }
  return undefined;
}

function pathOf(node: Node, key: string): string {
  const keys = [key];
  for (let at: Node | undefined = node; at?.parent; at = at.parent) keys.unshift(at.key);
  return keys.join('.');
}
