import { loadConfig } from '@billing/api/config/config';
import { readDoc, section, tableRows } from '../support/markdown';

// The README's configuration table is where operators look first (issue 15): every variable the
// configuration reads (config.ts and auth-config.ts) has a row, and no row names a variable nobody reads.

/** Every variable loadConfig reads from `env`, seen through a proxy (also when the values are refused). */
function variablesRead(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    loadConfig(proxy);
  } catch {
    // production refuses the development defaults: the names it read still count
  }
  return read;
}

const envExample = new Map(
  readDoc('.env.example').split(/\r?\n/).flatMap((line) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [[match[2], { value: match[3], commented: Boolean(match[1]) }] as const] : [];
  }),
);
const setInExample = Object.fromEntries([...envExample].filter(([, v]) => !v.commented).map(([name, v]) => [name, v.value]));

const read = new Set([
  ...variablesRead({}),
  ...variablesRead(setInExample),
  ...variablesRead({ NODE_ENV: 'production' }),
  ...variablesRead({ AUTH_JWKS_URL: 'https://idp.example.com/jwks.json', AUTH_ISSUER: 'https://idp.example.com/', AUTH_AUDIENCE: 'billing' }),
]);

const rows = tableRows(section(readDoc('README.md'), 'Configuration'));
const variableOf = (row: string[]) => /^`([A-Z][A-Z0-9_]*)`$/.exec(row[0])?.[1];

describe("the README's configuration table", () => {
  it('has one row per variable, each naming one variable with its default and meaning', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect({ row: row[0], variable: variableOf(row), cells: row.length }).toEqual({ row: row[0], variable: expect.any(String), cells: 3 });
      expect(row[1]).not.toBe('');
      expect(row[2]).not.toBe('');
    }
    const names = rows.map(variableOf);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('lists every variable the configuration reads, and none it does not', () => {
    expect(read.size).toBeGreaterThan(20);
    const listed = new Set(rows.map(variableOf));
    expect([...read].filter((name) => !listed.has(name)).sort()).toEqual([]);
    expect([...listed].filter((name) => !read.has(name as string)).sort()).toEqual([]);
  });

  it("gives each default .env.example sets the same value (a literal first in the Default column)", () => {
    expect(Object.keys(setInExample).length).toBeGreaterThan(10);
    for (const [name, value] of Object.entries(setInExample)) {
      const row = rows.find((r) => variableOf(r) === name);
      expect({ name, default: row?.[1].split(' ')[0] }).toEqual({ name, default: `\`${value}\`` });
    }
  });
});
