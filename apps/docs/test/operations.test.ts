// The guide's list of operations is built from the spec: every operation, with its request and the client
// method that calls it, and nothing else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { specOperations } from '@dingtalk-storage/spec/operations';
import { expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'));

it('lists every operation of the spec with its request and client method', () => {
  const html = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
  const chapter = (
    /<article class="chapter" id="guide-operations">([\s\S]*?)<\/article>/.exec(html)?.[1] ?? ''
  ).replaceAll('<wbr>', ''); // line-break hints inside long code
  const listed = [...chapter.matchAll(/<code>storage\.(\w+)\(/g)].map((m) => m[1]);
  expect(listed).toEqual(specOperations(spec).map((op) => op.operationId));
  for (const op of specOperations(spec)) expect(chapter).toContain(`<code>${op.method} ${op.path}</code>`);
});
