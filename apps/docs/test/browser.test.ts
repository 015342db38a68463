// The built docs in a real browser (Debian's Chromium driven by playwright-core; no downloaded browser),
// opened from disk with every network request blocked: the reference shows the operation, every request
// field, every error code and the examples; the guide's code blocks are the READMEs'; nothing fails in the
// console or the network; both views fit 390 px. Screenshots go to test-output/ and are checked.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { guideChapters } from '../scripts/guide-chapters.mjs';

const index = new URL('../dist/index.html', import.meta.url);
const output = new URL('../test-output/', import.meta.url);

const REQUEST_FIELDS = [
  'unionId',
  'option',
  'name',
  'quota',
  'capabilities',
  'canSearch',
  'canRename',
  'canRecordRecentFile',
  'scene',
  'sceneId',
  'ownerType',
];
const ERROR_CODES = [
  'paramError',
  'paramError.name',
  'paramError.scene',
  'paramError.sceneId',
  'permissionDenied',
  'systemError',
  'unknownError',
  'operationTimeout',
  'InvalidAuthentication',
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
  'Forbidden.AccessDenied.QpsLimitForApi',
  'Forbidden.AccessDenied.ApiCountLimitForOrg',
];

let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  expect(existsSync(index), 'apps/docs/dist/index.html is missing: run `pnpm run docs`').toBe(true);
  mkdirSync(output, { recursive: true });
  browser = await launchChromium(chromium);
});
afterAll(() => browser?.close());

async function open(view: 'guide' | 'reference', width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error (${view}): ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error (${view}): ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request (${view}): ${r.url()}`));
  // Offline: anything that is not the page's own files is a failure.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    problems.push(`network request (${view}): ${url}`);
    return route.abort();
  });
  await page.goto(`${index.href}#${view}`);
  if (view === 'reference')
    await page.waitForSelector('h2:has-text("Create a storage space")', { timeout: 20_000 });
  return page;
}

/** Every fenced code block of a Markdown text, as the browser shows it. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[\w-]*\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: URL): { width: number; height: number; bytes: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), bytes: statSync(file).size };
}

describe('API reference', () => {
  it('shows the operation, every request field, every error code and the examples', async () => {
    const page = await open('reference', 1280, 900);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text.
    const text = await page.locator('#reference').innerText();
    expect(text).toContain('Create a storage space');
    expect(text).toContain('/v1.0/storage/spaces');
    for (const field of REQUEST_FIELDS) expect(text, `request field ${field}`).toContain(field);
    for (const code of ERROR_CODES) expect(text, `error code ${code}`).toContain(code);
    for (const status of ['200', '400', '403', '500', '503']) expect(text).toContain(status);
    // The request example (appSpace) and the 200 example are rendered as samples.
    expect(text).toContain('1073741824');
    expect(text).toContain('20394857361');
    await page.close();
  });
});

describe('guide', () => {
  it("shows the READMEs' code blocks exactly", async () => {
    const page = await open('guide', 1280, 900);
    const shown = await page.locator('#guide pre code').allTextContents();
    const expected = guideChapters().flatMap(({ markdown }) => codeBlocks(markdown));
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(expected);
    await page.close();
  });
});

describe('pages', () => {
  it.each([
    ['guide', 'desktop', 1280, 800],
    ['reference', 'desktop', 1280, 800],
    ['guide', 'narrow', 390, 844],
    ['reference', 'narrow', 390, 844],
  ] as const)('%s at %s width fits and screenshots as a real image', async (view, label, width, height) => {
    const page = await open(view, width, height);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'no horizontal scrolling').toBeLessThanOrEqual(width);
    expect(await page.locator('header nav a').count()).toBe(2);
    expect(await page.locator('header nav').isVisible()).toBe(true);
    const file = new URL(`${view}-${label}.png`, output);
    await page.screenshot({ path: fileURLToPath(file) });
    const png = pngSize(file);
    expect([png.width, png.height]).toEqual([width, height]);
    // A blank or broken page compresses to a few kilobytes; the rendered text does not.
    expect(png.bytes).toBeGreaterThan(15_000);
    await page.close();
  });

  it('made no failed request, console error or network access', () => {
    expect(problems).toEqual([]);
  });
});
