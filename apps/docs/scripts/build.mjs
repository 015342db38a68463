// pnpm run docs: builds apps/docs/dist/, one page that works offline (from disk or `pnpm docs:serve`):
// - the guide, rendered from the package READMEs (so its code blocks are theirs, never a copy that drifts);
// - the API reference, rendered by Redoc from the bundled spec (embedded in the page, so file:// works).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolveSchema, specOperations } from '@dingtalk-storage/spec/operations';
import { marked } from 'marked';
import { guideChapters } from './guide-chapters.mjs';

const require = createRequire(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'));

/** The guide's list of operations, built from the spec: each with its request and its client method. */
function operationsChapter() {
  const rows = specOperations(spec).map((op) => {
    const params = op.parameters.filter((p) => p.in === 'path' || p.in === 'query').map((p) => p.name);
    const bodyNames = Object.keys(resolveSchema(spec, op.requestBody?.schema)?.properties ?? {});
    return `| \`${op.operationId}\` | ${op.summary} | \`${op.method} ${op.path}\` | \`storage.${op.operationId}({ ${[...params, ...bodyNames].join(', ')} })\` |`;
  });
  return {
    id: 'operations',
    markdown: `# Operations\n\nEvery operation of the spec, each a method of the client (\`@dingtalk-storage/client\`) and an answer of the mock.\n\n| operation | what it does | request | client method |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
  };
}

const chapters = [operationsChapter(), ...guideChapters()];
const guide = chapters
  .map(
    ({ id, markdown }) =>
      `<article class="chapter" id="guide-${id}">${marked.parse(markdown, { async: false })}</article>`,
  )
  .join('\n');

// Inline JSON must not close its <script>.
const specJson = JSON.stringify(spec).replaceAll('<', '\\u003c');

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${spec.info.title}</title>
<style>
  :root { color-scheme: light; --accent: #0b6bcb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
  header { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem;
    padding: 0.6rem 1.25rem; background: #0d1117; color: #fff; }
  header strong { font-size: 1.05rem; }
  header nav { display: flex; gap: 1rem; }
  header a { color: #c9d1d9; text-decoration: none; padding: 0.2rem 0; border-bottom: 2px solid transparent; }
  header a[aria-current="page"] { color: #fff; border-bottom-color: #58a6ff; }
  #guide { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
  #guide h1 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.3rem; margin-top: 2.5rem; }
  #guide a { color: var(--accent); }
  #guide pre { background: #f6f8fa; padding: 0.9rem 1rem; border-radius: 6px; overflow-x: auto; font-size: 0.85rem; line-height: 1.45; }
  #guide code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  #guide :not(pre) > code { background: #eff1f3; padding: 0.1em 0.3em; border-radius: 4px; font-size: 0.875em; overflow-wrap: anywhere; }
  #guide table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; font-size: 0.9rem; }
  #guide th, #guide td { border: 1px solid #d0d7de; padding: 0.35rem 0.6rem; vertical-align: top; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<header>
  <strong>dingtalk-storage</strong>
  <nav>
    <a href="#guide" data-view="guide">Guide</a>
    <a href="#reference" data-view="reference">API reference</a>
  </nav>
</header>
<main id="guide">
${guide}
</main>
<section id="reference" hidden></section>
<script src="assets/redoc.standalone.js"></script>
<script id="openapi" type="application/json">${specJson}</script>
<script>
  // Two views on one page: #guide (default) and #reference. Redoc renders on first show.
  let rendered = false;
  function show() {
    const view = location.hash === '#reference' ? 'reference' : 'guide';
    document.getElementById('guide').hidden = view !== 'guide';
    document.getElementById('reference').hidden = view !== 'reference';
    for (const link of document.querySelectorAll('header a')) {
      if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (view === 'reference' && !rendered) {
      rendered = true;
      Redoc.init(JSON.parse(document.getElementById('openapi').textContent), {
        expandResponses: 'all',
        schemaExpansionLevel: 'all',
        expandSingleSchemaField: true,
        hideDownloadButton: true,
        scrollYOffset: 'header',
        theme: { typography: { fontFamily: 'system-ui, sans-serif', headings: { fontFamily: 'system-ui, sans-serif' } } },
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
// Redoc's footer logo is the bundle's only remote resource; point it at an inline image so the page makes
// no network request at all.
const redoc = readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
const REDOC_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
if (!redoc.includes(REDOC_LOGO))
  throw new Error(`redoc.standalone.js no longer references ${REDOC_LOGO}: review the patch`);
const inlineLogo =
  'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%221%22 height=%221%22/%3E';
writeFileSync(new URL('assets/redoc.standalone.js', dist), redoc.replaceAll(REDOC_LOGO, inlineLogo));
writeFileSync(new URL('index.html', dist), html);
console.log(`docs: wrote ${new URL('index.html', dist).pathname}`);
