// pnpm run docs: builds apps/docs/dist/, one page that works offline (from disk or `pnpm docs:serve`):
// - the guide: the operations and the error codes (built from the spec and the client's retry policy), then
//   the package READMEs (so its code blocks are theirs, never a copy that drifts), with a table of contents
//   and code highlighted here, at build time;
// - the API reference, rendered by Redoc from the bundled spec with a TypeScript sample per operation
//   (embedded in the page, so file:// works), grouped by tag in its sidebar, with Redoc's search box.
// The spec is the repository's bundle, or the bundled JSON named by DOCS_SPEC (spec-source.mjs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { withCodeSamples } from './code-samples.mjs';
import { errorCodesChapter } from './error-codes.mjs';
import { guideChapters } from './guide-chapters.mjs';
import { escapeHtml, renderChapter } from './markdown.mjs';
import { operationsChapter } from './operations-chapter.mjs';
import { patchedRedoc } from './redoc-bundle.mjs';
import { loadSpec } from './spec-source.mjs';

const dist = new URL('../dist/', import.meta.url);
const { path: specFile, spec } = loadSpec();

const chapters = [operationsChapter(spec), errorCodesChapter(spec), ...guideChapters()].map(
  ({ id, markdown }) => ({
    id,
    ...renderChapter(id, markdown),
  }),
);
const guide = chapters
  .map(({ id, html }) => `<article class="chapter" id="guide-${id}">\n${html}</article>`)
  .join('\n');

/** Each chapter (its `#` title) with its `##` sections, then the reference. */
const toc = `<nav id="toc" aria-label="Contents">
<h2>Contents</h2>
<ol>
${chapters
  .map(({ id, headings }) => {
    const title = headings.find((h) => h.depth === 1)?.html ?? escapeHtml(id);
    const sections = headings
      .filter((h) => h.depth === 2)
      .map((h) => `<li><a href="#${h.id}">${h.html}</a></li>`)
      .join('');
    return `<li><a href="#guide-${id}">${title}</a>${sections ? `<ol>${sections}</ol>` : ''}</li>`;
  })
  .join('\n')}
<li><a href="#reference">API reference</a></li>
</ol>
</nav>`;

// Inline JSON must not close its <script>.
const specJson = JSON.stringify(withCodeSamples(spec)).replaceAll('<', '\\u003c');
const css = readFileSync(new URL('page.css', import.meta.url), 'utf8');

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(spec.info.title)}</title>
<style>
${css}</style>
</head>
<body>
<header>
  <strong>dingtalk-storage</strong>
  <nav>
    <a href="#guide" data-view="guide">Guide</a>
    <a href="#reference" data-view="reference">API reference</a>
  </nav>
</header>
<div id="guide">
${toc}
<main class="guide-body">
${guide}
</main>
</div>
<section id="reference" hidden></section>
<script src="assets/redoc.standalone.js"></script>
<script id="openapi" type="application/json">${specJson}</script>
<script>
  // Two views on one page: the guide (default; its anchors too) and #reference, where Redoc renders on first
  // show. Redoc's own links (#tag/…, #operation/…) belong to the reference.
  let rendered = false;
  const isReference = (hash) => hash === '#reference' || /^#(tag|operation|section|schema)\\//.test(hash);
  function show() {
    const view = isReference(location.hash) ? 'reference' : 'guide';
    const guide = document.getElementById('guide');
    const wasHidden = guide.hidden;
    guide.hidden = view !== 'guide';
    document.getElementById('reference').hidden = view !== 'reference';
    for (const link of document.querySelectorAll('header a')) {
      if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (view === 'guide') {
      // The browser could not scroll to an anchor while the guide was hidden.
      const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (wasHidden && target && target !== guide) target.scrollIntoView();
      else if (wasHidden) scrollTo(0, 0);
    }
    if (view === 'reference' && !rendered) {
      rendered = true;
      Redoc.init(JSON.parse(document.getElementById('openapi').textContent), {
        expandResponses: 'all',
        schemaExpansionLevel: 'all',
        expandSingleSchemaField: true,
        hideDownloadButton: true,
        // The sidebar's search box (Redoc's default, said here so nobody turns it off by accident): its index
        // is built in the page, by a web worker from a blob: URL, so it works offline; redoc-bundle.mjs tunes it.
        disableSearch: false,
        scrollYOffset: 'header',
        theme: {
          typography: { fontFamily: 'system-ui, sans-serif', headings: { fontFamily: 'system-ui, sans-serif' } },
          rightPanel: { width: '45%' },
        },
      }, document.getElementById('reference'));
    }
  }
  addEventListener('hashchange', show);
  show();
</script>
</body>
</html>
`;

rmSync(dist, { recursive: true, force: true });
mkdirSync(new URL('assets/', dist), { recursive: true });
writeFileSync(new URL('assets/redoc.standalone.js', dist), patchedRedoc());
writeFileSync(new URL('index.html', dist), html);
console.log(`docs: wrote ${new URL('index.html', dist).pathname} from ${specFile}`);
