import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { anchorOf, readDoc, ROOT, section, tableRows } from '../support/markdown';

// The README names files for a newcomer to open (the life of a call end, the tests behind each
// guarantee). A rename that leaves the README behind fails here.

const DOCS = ['README.md', 'docs/benchmarks.md', 'docs/auditing.md', 'libs/domain/README.md'];
/** Top-level folders whose files the docs name; anything else in backticks is not a repository path. */
const TOP = new Set(['apps', 'libs', 'test', 'bench', 'docs', 'scripts']);

/** Backticked repository paths (`apps/api/src/...`, `libs/domain/`, globs with `*`), build output aside. */
function pathsIn(markdown: string): string[] {
  const found = [...markdown.matchAll(/`([A-Za-z0-9_.*-]+(?:\/[A-Za-z0-9_.*-]+)+\/?)`/g)].map((m) => m[1]);
  return [...new Set(found.filter((path) => TOP.has(path.split('/')[0]) && !path.split('/').includes('dist')))];
}

/** The files a path names: itself, or for a glob in its last segment, what matches it. */
function filesNamed(path: string): string[] {
  if (!path.includes('*')) return existsSync(join(ROOT, path)) ? [path] : [];
  const folder = dirname(path);
  if (folder.includes('*') || !existsSync(join(ROOT, folder))) return [];
  const pattern = new RegExp(`^${path.slice(folder.length + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return readdirSync(join(ROOT, folder)).filter((name) => pattern.test(name)).map((name) => `${folder}/${name}`);
}

describe('files the documentation names', () => {
  it.each(DOCS)('%s names only files and folders that exist', (doc) => {
    const paths = pathsIn(readDoc(doc));
    expect(paths.filter((path) => filesNamed(path).length === 0)).toEqual([]);
  });

  it('the README names many of them (the walk-through, the tests)', () => {
    expect(pathsIn(readDoc('README.md')).length).toBeGreaterThan(60);
  });

  it.each(DOCS)('%s links only to documents and headings that exist', (doc) => {
    const markdown = readDoc(doc);
    const broken: string[] = [];
    for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // http(s), mailto
      const [file, anchor] = target.split('#');
      const path = file ? join(dirname(doc), file) : doc;
      if (!existsSync(join(ROOT, path))) { broken.push(target); continue; }
      if (anchor === undefined || statSync(join(ROOT, path)).isDirectory()) continue;
      const headings = readDoc(path).split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => anchorOf(line.replace(/^#+ /, '')));
      if (!headings.includes(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});

describe("the README's Guarantees table", () => {
  const rows = tableRows(section(readDoc('README.md'), 'Guarantees'));

  it('names, for every promise, tests that exist', () => {
    expect(rows.length).toBeGreaterThan(25);
    for (const [promise, shownBy] of rows) {
      const tests = pathsIn(shownBy).flatMap(filesNamed).filter((path) => /\.(spec|contract)\.ts$/.test(path));
      expect({ promise, tests: tests.length > 0 }).toEqual({ promise, tests: true });
      expect({ promise, missing: pathsIn(shownBy).filter((path) => filesNamed(path).length === 0) }).toEqual({ promise, missing: [] });
    }
  });
});

describe("the README's order", () => {
  it('is a guide in the order of issue 15: what and for whom, how to run it, a call end, then reference', () => {
    const headings = readDoc('README.md').split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
    const guide = ['What it does, and for whom', 'Two commands', 'The life of a call end', 'Configuration', 'The API', 'Payments', 'Scaling out', 'Guarantees'];
    expect(headings.slice(0, guide.length)).toEqual(guide);
  });
});
