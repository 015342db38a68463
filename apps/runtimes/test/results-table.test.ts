// The README's runtime table from results.json: one row per runtime, the transport the client used there
// next to its version, a column per check (the client's, each helper's, the mock's), a dash where a runtime
// reported none (the mock-only rows, a run that failed first).
import { expect, it } from 'vitest';
import { CHECKS, renderTable } from '../src/results-table.mjs';

const readme = 'intro\n<!-- runtime-matrix -->\nold table\n<!-- /runtime-matrix -->\nrest\n';

it('puts the transport each runtime reported in its own column', () => {
  const table = renderTable(readme, {
    Deno: {
      version: '2.9.6',
      transport: 'node:http',
      checks: { client: true, files: true, paginate: false, wait: true, 'mock prism': false },
    },
    workerd: { version: '1.2', transport: 'fetch', checks: { client: true, wait: true } },
    Bun: { version: '1.4.5', checks: { client: false } },
  });
  const lines = table.split('\n');
  const checks = Object.values(CHECKS);
  expect(lines.slice(0, 2)).toEqual(['intro', '<!-- runtime-matrix -->']);
  expect(lines[2]).toBe(`| runtime | version | transport | ${checks.join(' | ')} |`);
  expect(lines[3]?.split('|').length).toBe(lines[2]?.split('|').length);
  // The columns: client, files, paginate, wait (the helpers on the drive emulator), mock stateful, mock prism.
  expect(Object.keys(CHECKS)).toEqual(['client', 'files', 'paginate', 'wait', 'mock stateful', 'mock prism']);
  expect(lines.slice(4, 7)).toEqual([
    '| Deno | 2.9.6 | `node:http` | ✓ | ✓ | ✗ fails | ✓ | – | ✗ fails |',
    '| workerd | 1.2 | `fetch` | ✓ | – | – | ✓ | – | – |',
    '| Bun | 1.4.5 | – | ✗ fails | – | – | – | – | – |',
  ]);
  expect(lines.slice(7)).toEqual(['<!-- /runtime-matrix -->', 'rest', '']);
});
