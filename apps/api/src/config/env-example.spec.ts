import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config';

// .env.example is the list of every variable the service reads, each with its default (issue 15).
const lines = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8').split(/\r?\n/);
const listed = new Map(
  lines.flatMap((line) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [[match[2], { value: match[3], commented: Boolean(match[1]) }] as const] : [];
  }),
);

/** The variables loadConfig reads from `env`, seen through a proxy. */
function variablesRead(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  loadConfig(proxy);
  return read;
}

const setValues = Object.fromEntries([...listed].filter(([, v]) => !v.commented).map(([name, v]) => [name, v.value]));

describe('.env.example', () => {
  it('lists every variable the configuration reads, and none it does not', () => {
    const read = new Set([...variablesRead({}), ...variablesRead(setValues)]);
    expect([...read].filter((name) => !listed.has(name)).sort()).toEqual([]);
    expect([...listed.keys()].filter((name) => !read.has(name)).sort()).toEqual([]);
  });

  it('gives each variable its default: the values it sets load the same configuration as none at all', () => {
    expect(Object.keys(setValues).length).toBeGreaterThan(5);
    expect(loadConfig(setValues)).toEqual(loadConfig({}));
  });
});
