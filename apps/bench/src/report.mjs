// RESULTS.md: the machine, then every figure as min / median / max, with ratios against the baseline.
import { fmt } from './stats.mjs';

const row = (cells) => `| ${cells.join(' | ')} |`;
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function timings(title, unit, entries, baseline) {
  const base = baseline ? entries[baseline]?.median : undefined;
  const rows = Object.entries(entries).map(([name, s]) => [
    name,
    fmt(s.min),
    fmt(s.median),
    fmt(s.max),
    base ? `${fmt(s.median / base, 2)}×` : '–',
  ]);
  return `### ${title}\n\n${table(['', `min (${unit})`, `median (${unit})`, `max (${unit})`, baseline ? `vs ${baseline}` : 'ratio'], rows)}\n`;
}

/** Why a budget is breached, as far as profiling showed: printed next to a breached budget. */
const CAUSES = {
  'client per call':
    'Profiled with the stubbed fetch: per attempt the wrapper creates one more AbortSignal (on Node 20 its creation runs makeTransferable, ~30 µs). With middleware it also re-reads the Request body and re-wraps the buffered answer in a new Response (~70 µs), which the middleware-free fast path skips.',
  'client bundle':
    'openapi-fetch alone is about 2.6 KB min+gzip; the wrapper (validation with field-naming messages, redaction, retry/backoff, token cache, four error classes) adds about 3.8 KB. Reaching 5 KB means cutting a third of the wrapper.',
  'mock spawn':
    "Loading Prism's module graph (thousands of CommonJS files, and @faker-js/faker with every locale for json-schema-faker) takes 1.5–2.5 s on this machine before the server can start; with Prism loaded a start takes about 60 ms. Bundling Prism into one file would be the fix.",
};

export function report(r, budgets, { check }) {
  const m = r.machine;
  const parts = [
    `# Benchmark results${check ? ' (short run, bench:check)' : ''}`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node.js ${m.node}; ${m.date}.\n` +
      `Reproduce: \`pnpm bench\` (full, writes this file) or \`pnpm bench:check\` (short, CI). Contestants run interleaved ` +
      `(A B C, B C A, …) in one run; ratios compare medians.`,
    '## Budgets',
    table(
      ['budget', 'measured', 'limit', ''],
      budgets.map((b) => [b.name, fmt(b.value, 2), String(b.limit), b.ok ? 'ok' : '**BREACHED**']),
    ),
    ...budgets
      .filter((b) => !b.ok)
      .map((b) => {
        const cause = Object.entries(CAUSES).find(([prefix]) => b.name.startsWith(prefix))?.[1];
        return cause ? `- **${b.name}**: ${cause}` : `- **${b.name}**: not yet analysed.`;
      }),
    '## Per-call overhead (127.0.0.1, keep-alive node:http server in another process)',
    ...Object.entries(r.perCall).map(([mode, entries]) => timings(mode, 'µs/call', entries, 'openapi-fetch')),
    timings('stubbed fetch (wrapper CPU only)', 'µs/call', r.stubbed, 'openapi-fetch'),
    '## Cold start (fresh `node` process: import + one call)',
    timings('wall time', 'ms', r.coldStart.wall, '@alicloud/dingtalk (official)'),
    table(
      ['', 'peak RSS min (MiB)', 'median', 'max'],
      Object.entries(r.coldStart.rss).map(([name, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return [
          name,
          fmt(sorted[0]),
          fmt(sorted[Math.floor(sorted.length / 2)]),
          fmt(sorted[sorted.length - 1]),
        ];
      }),
    ),
    '## Size',
    table(
      ['', 'minified (bytes)', 'min+gzip (bytes)'],
      Object.entries(r.size)
        .filter(([name]) => name !== 'officialInstalled')
        .map(([name, s]) => [name, String(s.min), String(s.gzip)]),
    ),
    `\nOfficial SDK \`@alicloud/dingtalk\` installed: ${(r.size.officialInstalled.bytes / 2 ** 20).toFixed(1)} MiB in ${r.size.officialInstalled.packages} packages (package + dependencies).\n`,
    '## Pipeline',
    timings('turbo build', 'ms', r.builds),
    timings('mock', 'ms', r.mock),
    '## Scaling (synthetic specs)',
    table(
      ['operations', ...Object.keys(r.scaling[Object.keys(r.scaling)[0]]).map((k) => `${k} median (ms)`)],
      Object.entries(r.scaling).map(([count, phases]) => [
        count,
        ...Object.values(phases).map((s) => fmt(s.median)),
      ]),
    ),
  ];
  return `${parts.join('\n\n')}\n`;
}
