// The budgets `pnpm bench:check` enforces, each computed from one run's side-by-side numbers.
export const BUDGETS = [
  {
    // The spec-driven issue asks for ≤ 1.0: the generated methods call fetch directly (no Request object to
    // build and read back, no Response to re-wrap), which is why they can beat openapi-fetch at all.
    name: 'client per call ≤ 1.0 × bare openapi-fetch (sequential, median)',
    limit: 1.0,
    value: (r) =>
      r.perCall.sequential['@dingtalk-storage/client'].median / r.perCall.sequential['openapi-fetch'].median,
  },
  {
    // 5 KB was asked for first, 6 KB held the first round's behaviour; the hardening issue's required
    // behaviour costs about 1.5 KB more, the spec-driven call path (every operation, middleware included)
    // about 0.7 KB, typed path and query inputs (integers, booleans, arrays, JSON text) about 0.4 KB. The
    // whole-API issue sets 10 KB for all 47 operations. bundleFloor in report.mjs explains it from the run.
    name: 'client bundle ≤ 10 KB min+gzip, openapi-fetch included (moved on purpose: see Size)',
    limit: 10 * 1024,
    value: (r) => r.size['@dingtalk-storage/client (with openapi-fetch)'].gzip,
  },
  {
    name: 'each further operation costs the client bundle ≤ 120 B min+gzip',
    limit: 120,
    value: (r) => r.size.perOperation.bytes,
  },
  {
    name: 'cold start (import + first call) ≤ 0.5 × the official SDK (median wall time)',
    limit: 0.5,
    value: (r) =>
      r.coldStart.wall['@dingtalk-storage/client'].median /
      r.coldStart.wall['@alicloud/dingtalk (official)'].median,
  },
  {
    name: 'warm turbo build ≤ 2 s (median)',
    limit: 2000,
    value: (r) => r.builds['build, warm cache'].median,
  },
  {
    name: 'mock start → first response in-process ≤ 0.5 s (median)',
    limit: 500,
    value: (r) => r.mock['in-process: start → first response'].median,
  },
  {
    name: 'mock spawn → first response by CLI ≤ 2 s (median)',
    limit: 2000,
    value: (r) => r.mock['CLI: spawn → first response'].median,
  },
  {
    // Idle, the stateful mock's process is ~58 MiB. The journal keeps at most MAX_JOURNAL_BYTES (16 MiB) of
    // bodies and headers: measured ~110-120 MiB after the requests, allocator slack included. Before the
    // journal was bounded by bytes it kept every parsed body: 37 such requests ran a 768 MiB mock out of memory.
    name: 'mock RSS after journaling 1 MB requests (1,000; 300 in bench:check) ≤ 192 MiB',
    limit: 192,
    value: (r) => r.mockMemory.journal.after.rss,
  },
  {
    // MAX_PENDING_FAULTS (1,000) faults of MAX_FAULT_BYTES (16 KiB): 16 MiB of faults, measured ~100 MiB.
    name: 'mock RSS with the most pending faults, each the largest ≤ 160 MiB',
    limit: 160,
    value: (r) => r.mockMemory.pendingFaults.after.rss,
  },
  {
    name: 'generate time 100 → 1,000 operations grows ≤ 10× (no worse than linear)',
    limit: 10,
    value: (r) => r.scaling[1000].generate.median / r.scaling[100].generate.median,
  },
];

export function checkBudgets(results) {
  return BUDGETS.map((budget) => {
    const value = budget.value(results);
    return { name: budget.name, value, limit: budget.limit, ok: value <= budget.limit };
  });
}
