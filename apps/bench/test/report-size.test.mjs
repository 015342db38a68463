// RESULTS.md's size section: the browser bundle (the budget's) beside the node one, the Node modules each
// imports, and a breached bundle budget explained.
import { describe, expect, it } from 'vitest';
import { checkBudgets } from '../src/budgets.mjs';
import { report } from '../src/report.mjs';
import { BROWSER_BUNDLE, FILES_BUNDLE, NODE_BUNDLE } from '../src/size.mjs';
import { machine } from './fixtures.mjs';

const sizeRun = (overrides = {}) => ({
  machine,
  size: {
    [BROWSER_BUNDLE]: { min: 31000, gzip: 10100 },
    [NODE_BUNDLE]: { min: 33000, gzip: 11000 },
    'openapi-fetch (bare)': { min: 6500, gzip: 2600 },
    [FILES_BUNDLE]: { min: 9000, gzip: 4000 },
    filesAdded: { min: 6000, gzip: 2500 },
    nodeImports: { browser: [], default: [] },
    nodeBuildImports: ['node:http', 'node:https', 'node:zlib'],
    clientBreakdown: { 'operations.ts': 8875, 'wire-fetch.ts': 310 },
    perOperation: { operations: 47, before: 10100, after: 10121, bytes: 21 },
    officialInstalled: { bytes: 70 * 2 ** 20, packages: 38 },
    ...overrides,
  },
});
const only = ['size'];
const render = (run) => report(run, checkBudgets(run, { only }), { check: true, only });

describe('report, size', () => {
  it('gives the node bundle beside the browser one, and what each imports from Node', () => {
    const markdown = render(sizeRun());
    expect(markdown).toContain(`| ${BROWSER_BUNDLE} | 31000 | 10100 |`);
    expect(markdown).toContain(`| ${NODE_BUNDLE} | 33000 | 11000 |`);
    expect(markdown).toContain(
      '`browser` condition (platform browser): none; `default` condition (platform neutral): none',
    );
    expect(markdown).toContain('`node` condition (platform node): `node:http`, `node:https`, `node:zlib`');
    expect(markdown).toMatch(
      /\| Node modules imported by the client bundled for browsers [^|]*\| 0\.00 \| 0 \| ok \|/,
    );
  });

  it('gives the /files subpath its own size, and what it adds to a bundle that has the client', () => {
    const markdown = render(sizeRun());
    expect(markdown).toContain(`| ${FILES_BUNDLE} | 9000 | 4000 |`);
    expect(markdown).toContain('`@dingtalk-storage/client/files` adds 6000 B minified, 2500 B min+gzip');
  });

  it('breaches when a bundle for browsers imports a Node module, and names it', () => {
    const markdown = render(sizeRun({ nodeImports: { browser: ['node:http'], default: ['node:http'] } }));
    expect(markdown).toMatch(/\| Node modules imported [^|]*\| 2\.00 \| 0 \| \*\*BREACHED\*\* \|/);
    expect(markdown).toContain('`browser` condition (platform browser): `node:http`');
    expect(markdown).toMatch(
      /- \*\*Node modules imported.*\*\*: The node:http wire \(wire-node\.ts\) reached/,
    );
  });

  it('explains a bundle past the budget', () => {
    const markdown = render(sizeRun({ [BROWSER_BUNDLE]: { min: 36673, gzip: 12507 } }));
    expect(markdown).toMatch(/\| client bundle ≤ 12 KB [^|]*\| 12507\.00 \| 12288 \| \*\*BREACHED\*\* \|/);
    expect(markdown).toMatch(/- \*\*client bundle .*\*\*: .*the wire seam of issue 25/);
  });
});
