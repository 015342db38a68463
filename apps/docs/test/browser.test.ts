// The built docs in a real browser (Debian's Chromium driven by playwright-core; no downloaded browser),
// opened from disk with every network request blocked: the reference shows the operations, every request
// field, every error code, the examples and a TypeScript sample per operation, a sidebar group per tag, and
// a search box that finds an operation by its summary; the guide lists every operation under its tag, each
// linked into the reference, has a table of contents whose links all land, highlighted code blocks that are
// the READMEs' and never cut off (among them the client's examples its packed consumer runs, each in its
// section), and the error-code table of the spec; nothing fails in the console or the
// network; both views fit 390 px. Expectations come from the spec the page was built from (DOCS_SPEC, else
// the repository's: spec-source.mjs); the first check is that the page embeds that very spec.
// Screenshots go to apps/docs/test-output/ (gitignored, kept after the run) and are checked.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveSchema, type SpecOperation, specOperations } from '@dingtalk-storage/spec/operations';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The client's own retry decision, from its source: the error table must agree with it.
import { isRetryableResponse } from '../../../packages/client/src/retry.js';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { guideChapters, markedExamples } from '../scripts/guide-chapters.mjs';
import { loadSpec, SPEC_ENV } from '../scripts/spec-source.mjs';

const { path: specFile, spec } = loadSpec();
const index = new URL('../dist/index.html', import.meta.url);
const output = new URL('../test-output/', import.meta.url);
const operations = specOperations(spec);
const ERROR_CODES: string[] = spec.components.schemas.StorageErrorCode.enum;

/** An operation's tags, as the spec gives them. */
const tagsOf = (op: SpecOperation): string[] => spec.paths[op.path][op.method.toLowerCase()].tags ?? [];

/** The operations as the document writes them (paths, then each path's methods): Redoc's order. */
const written = Object.entries(spec.paths as Record<string, Record<string, { operationId?: string }>>)
  .flatMap(([, item]) => Object.values(item).map((op) => op.operationId))
  .map((id) => operations.find((op) => op.operationId === id))
  .filter((op) => op !== undefined);

/** The spec's tags in order, each with the operations whose first tag it is (the guide lists each once). */
const BY_FIRST_TAG = (spec.tags as { name: string; description?: string }[]).map((tag) => ({
  ...tag,
  operations: written.filter((op) => tagsOf(op)[0] === tag.name),
}));

/** Every name a request can carry: its path and query parameters and its body's properties, at any depth. */
function requestFields(op: SpecOperation): string[] {
  const names = new Set(op.parameters.filter((p) => p.in !== 'header').map((p) => p.name));
  const visit = (schema: unknown, seen: Set<unknown>) => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const node = schema as Record<string, unknown>;
    for (const [name, property] of Object.entries((node.properties as object) ?? {})) {
      names.add(name);
      visit(property, seen);
    }
    for (const key of ['items', 'additionalProperties']) visit(node[key], seen);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      for (const part of (node[key] as unknown[]) ?? []) visit(part, seen);
  };
  visit(resolveSchema(spec, op.requestBody?.schema), new Set());
  return [...names];
}

/** Markdown as the reader sees it: without code and emphasis marks, whitespace collapsed. */
const shownText = (markdown: string) => markdown.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();

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
  // The page embeds the spec it was built from (plus its samples): it must be the one under test.
  const html = readFileSync(index, 'utf8');
  const embedded = JSON.parse(
    /<script id="openapi" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}',
  );
  for (const item of Object.values(embedded.paths ?? {}) as Record<string, Record<string, unknown>>[])
    for (const op of Object.values(item)) delete op['x-codeSamples'];
  expect(
    embedded,
    `dist/index.html was built from another spec than ${specFile}: rebuild it with the same ${SPEC_ENV} (\`${SPEC_ENV}=… node apps/docs/scripts/build.mjs\`)`,
  ).toEqual(spec);
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
  if (/^(reference|tag\/|operation\/)/.test(view)) await referenceRendered(page);
  return page;
}

/** Redoc has rendered the reference: the spec's last operation has its section. */
async function referenceRendered(page: Page): Promise<void> {
  const last = operations.at(-1)?.operationId;
  await page.waitForSelector(`[data-section-id="operation/${last}"]`, { state: 'attached', timeout: 30_000 });
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
  // Rendering every operation takes Redoc seconds: the checks that only read share one rendered page.
  let reference: Page;
  beforeAll(async () => {
    reference = await open('reference', 1280, 900);
  });
  afterAll(() => reference?.close());

  it('shows every operation, every request field, every error code and the examples', async () => {
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text.
    const text = await reference.locator('#reference').innerText();
    for (const op of operations) {
      expect(text, op.operationId).toContain(op.summary);
      expect(text, op.operationId).toContain(op.path);
      for (const field of requestFields(op))
        expect(text, `${op.operationId} field ${field}`).toContain(field);
    }
    for (const code of ERROR_CODES) expect(text, `error code ${code}`).toContain(code);
    for (const status of ['200', '400', '403', '500', '503']) expect(text).toContain(status);
    // The request example (appSpace) and the 200 example are rendered as samples.
    expect(text).toContain('1073741824');
    expect(text).toContain('20394857361');
  });

  it('shows a TypeScript sample per operation: its client method called with its example input', async () => {
    const tabs = reference.locator('#reference [role="tab"]', { hasText: /^TypeScript$/ });
    expect(await tabs.count()).toBe(operations.length);
    for (const op of operations) {
      // Redoc orders operations by tag; each one's section is `operation/<operationId>`.
      const tab = reference.locator(`[id="operation/${op.operationId}"] [role="tab"]`, {
        hasText: /^TypeScript$/,
      });
      await tab.click();
      const panel = reference.locator(`[id="${await tab.getAttribute('aria-controls')}"]`);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text.
      const sample = await panel.innerText();
      expect(sample).toContain(`await storage.${op.operationId}(`);
      expect(sample).toContain("from '@dingtalk-storage/client'");
      // Each example as the client takes it: a string quoted, a number or boolean as itself.
      for (const { name, example } of op.parameters.filter((p) => p.example !== undefined))
        expect(sample, `${op.operationId} ${name}`).toContain(
          `${name}: ${typeof example === 'string' ? `'${example}'` : JSON.stringify(example)}`,
        );
    }
  });

  it("opens on Redoc's own links (#tag/…/operation/…)", async () => {
    const last = operations.at(-1)?.operationId;
    const link = await reference.locator(`[data-item-id$="/operation/${last}"]`).getAttribute('data-item-id');
    expect(link).toMatch(/^tag\/.+\/operation\//);
    const linked = await open(link ?? '', 1280, 900);
    expect(await linked.locator('#reference').isVisible()).toBe(true);
    expect(await linked.locator('#guide').isVisible()).toBe(false);
    await linked.close();
  });

  it('has a sidebar group per tag, in the spec’s order, each with its operations, and each tag its description', async () => {
    const groups = await reference
      .locator('.menu-content li[data-item-id^="tag/"]:not([data-item-id*="/operation/"])')
      .evaluateAll((items) =>
        items.map((item) => ({
          name: item.querySelector(':scope > label')?.textContent?.trim(),
          id: item.getAttribute('data-item-id'),
          operations: [...item.querySelectorAll(':scope > ul > li[data-item-id]')].map((li) =>
            li.getAttribute('data-item-id')?.replace(/^.*\/operation\//, ''),
          ),
        })),
      );
    // Redoc lists an operation under each of its tags.
    expect(groups.map(({ name, operations: ids }) => ({ name, operations: ids }))).toEqual(
      spec.tags.map(({ name }: { name: string }) => ({
        name,
        operations: written.filter((op) => tagsOf(op).includes(name)).map((op) => op.operationId),
      })),
    );
    expect(await reference.locator('.menu-content').isVisible()).toBe(true);
    for (const [i, { name, description }] of (
      spec.tags as { name: string; description: string }[]
    ).entries()) {
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text.
      const section = await reference.locator(`[data-section-id="${groups[i]?.id}"]`).innerText();
      expect(section.replace(/\s+/g, ' '), name).toContain(shownText(description));
    }
  });

  it('finds an operation of every tag by its summary, in the search box, among the first results', async () => {
    const search = reference.getByRole('search').getByRole('textbox');
    const results = reference.locator('[data-role="search:results"]');
    expect(await search.count(), 'one search box in the sidebar').toBe(1);
    const firstOfEachTag = BY_FIRST_TAG.flatMap(({ operations: ops }) => ops.slice(0, 1));
    expect(firstOfEachTag.length).toBeGreaterThan(0);
    for (const op of firstOfEachTag) {
      // Cleared first, so the next list shown is this summary's (Redoc searches in a worker, after a pause).
      await search.fill('');
      await results.first().waitFor({ state: 'detached' });
      await search.fill(op.summary);
      await results.first().waitFor();
      const found = await results
        .locator('li[data-item-id]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-item-id') ?? ''));
      const at = found.findIndex((id) => id.endsWith(`/operation/${op.operationId}`));
      expect(
        at,
        `"${op.summary}" lists ${op.operationId} (found ${found.join(', ')})`,
      ).toBeGreaterThanOrEqual(0);
      expect(at, `"${op.summary}" lists ${op.operationId} among the first 3`).toBeLessThan(3);
      expect(await results.locator(`li[data-item-id$="/operation/${op.operationId}"]`).isVisible()).toBe(
        true,
      );
    }
    // Kept as the artifact of a search as a reader sees it: the box, the result list and the page beside it.
    const file = new URL('reference-search.png', output);
    await reference.screenshot({ path: fileURLToPath(file) });
    expect(pngSize(file).bytes).toBeGreaterThan(15_000);
  });
});

describe('guide', () => {
  it('lists every operation once, under its tag, in tag order, each linked to its place in the reference', async () => {
    const page = await open('guide-operations', 1280, 900);
    const sections = await page.locator('#guide-operations h2').evaluateAll((headings) =>
      headings.map((h2) => {
        const between: string[] = [];
        let next = h2.nextElementSibling;
        for (; next && next.tagName !== 'TABLE' && next.tagName !== 'H2'; next = next.nextElementSibling)
          between.push(next.textContent ?? '');
        const rows = next?.tagName === 'TABLE' ? [...next.querySelectorAll('tbody tr')] : [];
        return {
          name: h2.textContent?.trim(),
          description: between.join(' ').replace(/\s+/g, ' ').trim(),
          rows: rows.map((tr) => {
            const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim());
            return [...cells, tr.querySelector('a')?.getAttribute('href')];
          }),
        };
      }),
    );
    expect(sections).toEqual(
      BY_FIRST_TAG.map(({ name, description, operations: ops }) => ({
        name,
        description: shownText(description ?? ''),
        rows: ops.map((op) => [
          op.method,
          op.path,
          op.summary,
          op.operationId,
          `#operation/${op.operationId}`,
        ]),
      })),
    );
    const listed = sections.flatMap(({ rows }) => rows.map((row) => row[3]));
    expect([...listed].sort(), 'every operation, once').toEqual(
      operations.map((op) => op.operationId).sort(),
    );

    // Every link has its operation in the reference; following one shows it.
    const hrefs = sections.flatMap(({ rows }) => rows.map((row) => row.at(-1) ?? ''));
    const last = hrefs.at(-1) ?? '';
    await page.locator(`#guide-operations a[href="${last}"]`).click();
    await referenceRendered(page);
    const missing = await page.evaluate(
      (links) => links.filter((href) => !document.querySelector(`[data-section-id="${href.slice(1)}"]`)),
      hrefs,
    );
    expect(missing, 'links without an operation in the reference').toEqual([]);
    expect(await page.locator('#guide').isVisible()).toBe(false);
    await expect
      .poll(
        () =>
          page
            .locator(`[data-section-id="${last.slice(1)}"] h2`)
            .first()
            .isVisible(),
        { timeout: 10_000 },
      )
      .toBe(true);
    const heading = await page
      .locator(`[data-section-id="${last.slice(1)}"] h2`)
      .first()
      .boundingBox();
    expect(heading?.y, `${last} scrolled into view`).toBeGreaterThanOrEqual(0);
    expect(heading?.y, `${last} scrolled into view`).toBeLessThan(900);
    await page.close();
  });

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

  it("shows the client README's examples its packed consumer runs (upload and download, paginate, wait), each in its section", async () => {
    const client = guideChapters().find(({ id }) => id === 'client')?.markdown ?? '';
    const examples = markedExamples(client);
    const calls = examples.map(({ code }) => code).join('\n');
    for (const call of [
      'uploadFile(storage',
      'downloadFile(storage',
      'storage.paginate(',
      'storage.waitForTasks(',
    ])
      expect(calls, `a marked example calls ${call}`).toContain(call);
    const page = await open('guide-client', 1280, 900);
    for (const { name, section, code } of examples) {
      // The code blocks from the section's heading to the next one.
      const shown = await page.locator('#guide-client h2').evaluateAll((headings, title) => {
        const heading = headings.find((h2) => h2.textContent?.trim() === title);
        const blocks: string[] = [];
        for (
          let next = heading?.nextElementSibling;
          next && next.tagName !== 'H2';
          next = next.nextElementSibling
        )
          if (next.tagName === 'PRE') blocks.push(next.querySelector('code')?.textContent ?? '');
        return blocks;
      }, section);
      expect(shown, `the ${name} example in "${section}"`).toContain(code.replace(/\n$/, ''));
    }
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
    await referenceRendered(page);
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
