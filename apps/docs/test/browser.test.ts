// The built docs in a real browser (Debian's Chromium driven by playwright-core; no downloaded browser),
// opened from disk with every network request blocked: the reference shows the operation, every request
// field, every error code, the examples and a TypeScript sample per operation; the guide has a table of
// contents whose links all land, highlighted code blocks that are the READMEs' and never cut off, and the
// error-code table of the spec; nothing fails in the console or the network; both views fit 390 px.
// Screenshots go to apps/docs/test-output/ (gitignored, kept after the run) and are checked.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { specOperations } from '@dingtalk-storage/spec/operations';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The client's own retry decision, from its source: the error table must agree with it.
import { isRetryableResponse } from '../../../packages/client/src/retry.js';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { guideChapters } from '../scripts/guide-chapters.mjs';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'));
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
const ERROR_CODES: string[] = spec.components.schemas.StorageErrorCode.enum;

/** Each known code's HTTP statuses, from the operations' named error examples. */
function statusesByCode(): Map<string, number[]> {
  const statuses = new Map(ERROR_CODES.map((code) => [code, new Set<number>()]));
  for (const op of specOperations(spec))
    for (const [status, { examples }] of op.responses)
      for (const { value } of Object.values(examples))
        statuses.get((value as { code?: string } | undefined)?.code ?? '')?.add(status);
  return new Map([...statuses].map(([code, set]) => [code, [...set].sort((a, b) => a - b)]));
}

let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  expect(existsSync(index), 'apps/docs/dist/index.html is missing: run `pnpm run docs`').toBe(true);
  mkdirSync(output, { recursive: true });
  browser = await launchChromium(chromium);
});
afterAll(() => browser?.close());

/** Opens the page at `#view`: `guide`, `reference`, or any anchor of either. */
async function open(view: string, width: number, height: number): Promise<Page> {
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
  if (view === 'reference' || view.startsWith('tag/'))
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

  it('shows a TypeScript sample per operation: its client method called with its example input', async () => {
    const page = await open('reference', 1280, 900);
    const operations = specOperations(spec);
    const tabs = page.locator('#reference [role="tab"]', { hasText: /^TypeScript$/ });
    expect(await tabs.count()).toBe(operations.length);
    for (const op of operations) {
      // Redoc orders operations by tag; each one's section is `operation/<operationId>`.
      const tab = page.locator(`[id="operation/${op.operationId}"] [role="tab"]`, {
        hasText: /^TypeScript$/,
      });
      await tab.click();
      const panel = page.locator(`[id="${await tab.getAttribute('aria-controls')}"]`);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text.
      const sample = await panel.innerText();
      expect(sample).toContain(`await storage.${op.operationId}(`);
      expect(sample).toContain("from '@dingtalk-storage/client'");
      for (const parameter of op.parameters.filter((p) => p.example !== undefined))
        expect(sample, `${op.operationId} ${parameter.name}`).toContain(
          `${parameter.name}: '${parameter.example}'`,
        );
    }
    await page.close();
  });

  it("opens on Redoc's own links (#tag/…/operation/…)", async () => {
    const page = await open('tag/Storage-spaces/operation/getSpace', 1280, 900);
    expect(await page.locator('#reference').isVisible()).toBe(true);
    expect(await page.locator('#guide').isVisible()).toBe(false);
    await page.close();
  });
});

describe('guide', () => {
  it("shows the READMEs' code blocks exactly", async () => {
    const page = await open('guide', 1280, 900);
    const shown = await page.locator('#guide pre code').allTextContents();
    // A fence's content ends with a newline; the highlighted block does not.
    const expected = guideChapters().flatMap(({ markdown }) =>
      codeBlocks(markdown).map((c) => c.replace(/\n$/, '')),
    );
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(expected);
    await page.close();
  });

  it('has a table of contents linking every chapter, every section and the reference, each link landing', async () => {
    const page = await open('guide', 1280, 900);
    const links = await page
      .locator('#toc a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const chapters = await page
      .locator('#guide article.chapter')
      .evaluateAll((els) => els.map((e) => `#${e.id}`));
    const sections = await page
      .locator('#guide article.chapter h2')
      .evaluateAll((els) => els.map((e) => `#${e.id}`));
    expect(chapters.length).toBe(guideChapters().length + 2); // + operations and error codes
    expect(links).toEqual(expect.arrayContaining([...chapters, ...sections, '#reference']));
    const missing = await page.evaluate(
      (hrefs) => hrefs.filter((href) => !href.startsWith('#') || !document.getElementById(href.slice(1))),
      links,
    );
    expect(missing, 'links without a target').toEqual([]);
    expect(new Set(links).size, 'no two links to one place').toBe(links.length);

    // Following a link shows its target below the sticky header.
    const header = (await page.locator('header').boundingBox())?.height ?? 0;
    for (const href of [sections.at(-1), '#guide-errors', sections[0]]) {
      await page.locator(`#toc a[href="${href}"]`).click();
      await page.waitForFunction((h) => location.hash === h, href);
      const box = await page.locator(href ?? '').boundingBox();
      expect(box?.y, `${href} below the header`).toBeGreaterThanOrEqual(header);
      expect(box?.y, `${href} in view`).toBeLessThan(900);
    }
    await page.locator('#toc a[href="#reference"]').click();
    await page.waitForSelector('h2:has-text("Create a storage space")', { timeout: 20_000 });
    expect(await page.locator('#guide').isVisible()).toBe(false);
    await page.close();
  });

  it('highlights every code block, at build time, in more than one colour', async () => {
    const page = await open('guide', 1280, 900);
    const blocks = await page.locator('#guide pre').evaluateAll((pres) =>
      pres.map((pre) => ({
        start: pre.textContent?.slice(0, 40),
        colours: new Set([...pre.querySelectorAll('code span span')].map((s) => getComputedStyle(s).color))
          .size,
      })),
    );
    expect(blocks.length).toBeGreaterThan(10);
    expect(
      blocks.filter((b) => b.colours < 2),
      'blocks in one colour',
    ).toEqual([]);
    // No script highlights on the client: the colours are in the page as built.
    expect(await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src')))).toEqual(
      ['assets/redoc.standalone.js'],
    );
    await page.close();
  });

  it.each([
    ['desktop', 1280],
    ['narrow', 390],
  ])('cuts off no code block at %s width (they wrap, never hide their ends)', async (_label, width) => {
    const page = await open('guide', width, 844);
    const cut = await page
      .locator('#guide pre')
      .evaluateAll((pres) =>
        pres.filter((pre) => pre.scrollWidth > pre.clientWidth).map((pre) => pre.textContent?.slice(0, 60)),
      );
    expect(cut).toEqual([]);
    await page.close();
  });

  it("has the error-code table: one row per known code, its status and the client's retry decision", async () => {
    const page = await open('guide-errors', 1280, 900);
    const rows = await page
      .locator('#guide-errors table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
    const header = await page.locator('#guide-errors table thead th').allTextContents();
    expect(header).toEqual(['code', 'HTTP status', 'meaning', 'retried', 'what to do']);
    expect(rows.map(([code]) => code).sort()).toEqual([...ERROR_CODES].sort());
    const statuses = statusesByCode();
    for (const [code = '', status, meaning, retried, advice] of rows) {
      const expected = statuses.get(code) ?? [];
      expect(expected.length, `${code} has an example in the spec`).toBeGreaterThan(0);
      expect(status, code).toBe(expected.join(', '));
      const decisions = expected.map((s) => isRetryableResponse(s, code));
      const perStatus = expected.map((s, i) => `${s}: ${decisions[i] ? 'yes' : 'no'}`).join(', ');
      expect(retried, code).toBe(
        decisions.every(Boolean) ? 'yes' : decisions.some(Boolean) ? perStatus : 'no',
      );
      expect(meaning, code).not.toBe('');
      expect(advice, code).not.toBe('');
    }
    // Kept as the artifact of the table as a reader sees it.
    await page
      .locator('#guide-errors')
      .screenshot({ path: fileURLToPath(new URL('guide-errors.png', output)) });
    expect(pngSize(new URL('guide-errors.png', output)).bytes).toBeGreaterThan(15_000);
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
