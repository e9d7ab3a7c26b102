import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The architecture is enforced by lint (part of `npm test`). These cases prove the rules fire:
// a configuration change that silently disabled them would fail here. ESLint runs in a child
// process (its config loader needs real dynamic imports, which Jest's sandbox lacks).
const root = join(__dirname, '../..');

const LINT_MANY = `
const { ESLint } = require('eslint');
const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { file, code } of probes) {
    const [result] = await eslint.lintText(code, { filePath: require('path').join(process.cwd(), file) });
    out.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
  }
  process.stdout.write('\\n' + JSON.stringify(out));
})();
`;

const cases: { file: string; code: string }[] = [];
let results: string[][] | undefined;

/** Registers a probe now; its problems are computed once, for all probes, in beforeAll. */
function probe(file: string, code: string): () => string[] {
  const index = cases.push({ file, code }) - 1;
  return () => {
    if (!results) throw new Error('lint results not computed');
    return results[index];
  };
}

beforeAll(() => {
  const env = { ...process.env, NX_DAEMON: 'false' };
  // Nx's boundary rule reads the cached project graph and skips itself (with a warning) when
  // there is none, as on a fresh clone before any nx command: compute the graph first.
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: root, env, stdio: 'ignore' });
  const output = execFileSync(process.execPath, ['-e', LINT_MANY], {
    cwd: root, input: JSON.stringify(cases), env, encoding: 'utf8',
  });
  // ESLint plugins may print warnings on stdout; the results are the last line.
  results = JSON.parse(output.trim().split('\n').pop() ?? '') as string[][];
}, 60_000);

const problems = (file: string, code: string) => probe(file, code);

describe('module boundaries', () => {
  const domainImports = [
    ['@nestjs/common', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"],
    ['pg', "import { Pool } from 'pg';\nexport const x = Pool;\n"],
    ['react', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['stripe', "import Stripe from 'stripe';\nexport const x = Stripe;\n"],
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['another project', "import { START } from '@billing/event-store';\nexport const x = START;\n"],
  ].map(([what, code]) => [what, problems('libs/domain/src/probe.ts', code)] as const);
  it.each(domainImports)('libs/domain may not import %s', (_what, found) => {
    expect(found()).not.toEqual([]);
  });

  const clock = problems('libs/domain/src/probe.ts', 'export const x = [Date.now(), Math.random(), new Date()];\n');
  it('libs/domain has no clock and no randomness', () => {
    expect(clock()).toHaveLength(3);
  });

  const infra = ['libs/event-store/src/probe.ts', 'libs/projections/src/probe.ts'].map((file) => [
    file,
    problems(file, "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"),
    problems(file, "import { useState } from 'react';\nexport const x = useState;\n"),
  ] as const);
  it.each(infra)('%s may not import @nestjs/* or react', (_file, nest, react) => {
    expect(nest()).not.toEqual([]);
    expect(react()).not.toEqual([]);
  });

  const adminToApi = problems('apps/admin/src/probe.ts', "import { createApp } from '@billing/api/app';\nexport const x = createApp;\n");
  it('apps/admin may not import apps/api', () => {
    expect(adminToApi()).not.toEqual([]);
  });

  const allowed = [
    problems('libs/domain/src/probe.ts', 'export const x = new Date(0).toISOString();\n'),
    problems('libs/projections/src/probe.ts', "import { START } from '@billing/event-store';\nexport const x = START;\n"),
    problems('apps/api/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"),
  ];
  it('allows what the architecture allows', () => {
    for (const found of allowed) expect(found()).toEqual([]);
  });
});
