// The budgets `pnpm bench:check` enforces, each computed from one run's side-by-side numbers: at most `limit`,
// or at least `limit` where `atLeast` is set (a floor on a throughput ratio). `needs` names the results it reads.
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '@dingtalk-storage/client/files';
import { MiB } from './bytes.mjs';
import { CLIENT, IN_FLIGHT, OFFICIAL } from './contestants.mjs';
import { BARE, ON_DISK } from './emulator-throughput.mjs';
import { HELPERS } from './files-throughput.mjs';
import { BROWSER_BUNDLE } from './size.mjs';

/** The client's median over the official SDK's, from the same table of one run (same server, interleaved). */
const toOfficial = (table) => table[CLIENT].median / table[OFFICIAL].median;

export const BUDGETS = [
  {
    // The spec-driven issue asks for ≤ 1.0: the generated methods call fetch directly (no Request object to
    // build and read back, no Response to re-wrap), which is why they can beat openapi-fetch at all.
    name: 'client per call ≤ 1.0 × bare openapi-fetch (sequential, median)',
    needs: 'perCall',
    limit: 1.0,
    value: (r) => r.perCall.sequential[CLIENT].median / r.perCall.sequential['openapi-fetch'].median,
  },
  {
    // Issue 25: DingTalk's own SDK rides node:http; on fetch the client was 1.37x it sequential and 3.5x it
    // with 32 in flight. The node build's wire (node:http, keep-alive) measured 0.85x and 0.74x, and in
    // bench:check beside two CPU hogs on 2 cores 0.74-0.82 and 0.62-0.83 (run.mjs's plan says why 7 rounds).
    name: 'client per call ≤ 1.0 × the official SDK (sequential, median; same run, same server)',
    needs: 'perCall',
    limit: 1.0,
    value: (r) => toOfficial(r.perCall.sequential),
  },
  {
    name: `client per call ≤ 1.0 × the official SDK (${IN_FLIGHT} in flight, median; same run, same server)`,
    needs: 'perCall',
    limit: 1.0,
    value: (r) => toOfficial(r.perCall[`${IN_FLIGHT} in flight`]),
  },
  {
    // 5 KB was asked for first, 6 KB held the first round's behaviour; the hardening issue's required
    // behaviour costs about 1.5 KB more, the spec-driven call path (every operation, middleware included)
    // about 0.7 KB, typed path and query inputs (integers, booleans, arrays, JSON text) about 0.4 KB. The
    // whole-API issue sets 10 KB for all 47 operations. Issues 25 and 26 add required behaviour to the core
    // (the wire seam and streamed bodies about 0.33 KB, paginate 0.38 KB, task waiting 0.68 KB; 10,178 B ->
    // about 11.6 KB): moved on purpose to 12 KB. The file helpers are their own entry (`/files`) and add
    // nothing here but what the wire does for them: a body in pieces and the stream watch the idle timeout
    // reads (+108 B, 11,759 B); and the task helpers finding the operation they poll in the table, with
    // its check (+82 B, 11,841 B). bundleFloor in report.mjs explains it from the run.
    name: 'client bundle ≤ 12 KB min+gzip, openapi-fetch included (moved on purpose: see Size)',
    needs: 'size',
    limit: 12 * 1024,
    value: (r) => r.size[BROWSER_BUNDLE].gzip,
  },
  {
    // Issue 25: the node:http wire is the `node` build's alone; a browser or worker bundle of the package
    // (its `browser` and `default` conditions, bundled from the built dist) must not pull in a Node module.
    name: 'Node modules imported by the client bundled for browsers (browser and default conditions) = 0',
    needs: 'size',
    limit: 0,
    value: (r) => Object.values(r.size.nodeImports).flat().length,
  },
  {
    name: 'each further operation costs the client bundle ≤ 120 B min+gzip',
    needs: 'size',
    limit: 120,
    value: (r) => r.size.perOperation.bytes,
  },
  {
    name: 'cold start (import + first call) ≤ 0.5 × the official SDK (median wall time)',
    needs: 'coldStart',
    limit: 0.5,
    value: (r) =>
      r.coldStart.wall['@dingtalk-storage/client'].median /
      r.coldStart.wall['@alicloud/dingtalk (official)'].median,
  },
  {
    name: 'warm turbo build ≤ 2 s (median)',
    needs: 'builds',
    limit: 2000,
    value: (r) => r.builds['build, warm cache'].median,
  },
  {
    name: 'mock start → first response in-process ≤ 0.5 s (median)',
    needs: 'mock',
    limit: 500,
    value: (r) => r.mock['in-process: start → first response'].median,
  },
  {
    name: 'mock spawn → first response by CLI ≤ 2 s (median)',
    needs: 'mock',
    limit: 2000,
    value: (r) => r.mock['CLI: spawn → first response'].median,
  },
  {
    // Idle, the stateful mock's process is ~58 MiB. The journal keeps at most MAX_JOURNAL_BYTES (16 MiB) of
    // bodies and headers: measured ~110-120 MiB after the requests, allocator slack included. Before the
    // journal was bounded by bytes it kept every parsed body: 37 such requests ran a 768 MiB mock out of memory.
    name: 'mock RSS after journaling 1 MB requests (1,000; 300 in bench:check) ≤ 192 MiB',
    needs: 'mockMemory',
    limit: 192,
    value: (r) => r.mockMemory.journal.after.rss,
  },
  {
    // MAX_PENDING_FAULTS (1,000) faults of MAX_FAULT_BYTES (16 KiB): 16 MiB of faults, measured ~100 MiB.
    name: 'mock RSS with the most pending faults, each the largest ≤ 160 MiB',
    needs: 'mockMemory',
    limit: 160,
    value: (r) => r.mockMemory.pendingFaults.after.rss,
  },
  {
    name: 'generate time 100 → 1,000 operations grows ≤ 10× (no worse than linear)',
    needs: 'scaling',
    limit: 10,
    value: (r) => r.scaling[1000].generate.median / r.scaling[100].generate.median,
  },
  {
    // A floor on the emulator's whole flow (API calls, signature checks, the journal, durable state) against a
    // bare node:http server writing the same bytes to the same disk with the same fsyncs. Measured on a 2-core
    // box under load average 4-5 from other work (a busy CI box): bench:check (64 MiB, 8 rounds) upload
    // 0.64/0.70/0.72, download 0.70/0.70/0.74; 32 MiB runs went down to 0.57 (upload) and 0.62 (download);
    // pnpm bench (100 MiB, 10 rounds) upload 0.79-0.81, download 0.84. 0.5 sits ~12% under the lowest figure
    // seen and still fails on a change that halves the emulator's throughput (a body held in memory, a write or
    // an fsync per chunk, a copy per read).
    name: 'drive emulator upload ≥ 0.5 × bare node:http (--data-dir, median MiB/s)',
    needs: 'emulatorThroughput',
    atLeast: true,
    limit: 0.5,
    value: (r) => r.emulatorThroughput.upload[ON_DISK].median / r.emulatorThroughput.upload[BARE].median,
  },
  {
    // The same floor, for the same reasons (measured above).
    name: 'drive emulator download ≥ 0.5 × bare node:http (--data-dir, median MiB/s)',
    needs: 'emulatorThroughput',
    atLeast: true,
    limit: 0.5,
    value: (r) => r.emulatorThroughput.download[ON_DISK].median / r.emulatorThroughput.download[BARE].median,
  },
  {
    // Issue 24's bound: the emulator streams bytes to its blob store instead of holding a file, so a large
    // upload grows its process by at most 64 MiB (socket and stream buffers, parts in flight), whatever the size.
    name: 'drive emulator RSS growth during a multipart upload (500 MiB; 100 MiB in bench:check) ≤ 64 MiB (issue 24)',
    needs: 'emulatorMemory',
    limit: 64,
    value: (r) => r.emulatorMemory.upload.growth,
  },
  {
    // Issue 26's target is 0.8: the helpers (validation, signing batches, a stream's chunks held as parts, the
    // byte legs' timeout and retry policy on the client's wire) cost at most a fifth of the throughput of the
    // same flow done by hand with bare node:http, against the same emulator (in memory, no disk in the
    // figure). Met since a stream's chunks are held instead of copied into parts (RESULTS.md): the median of
    // the rounds' ratios was 0.96-0.99 in bench:check here, 0.88-0.99 beside two CPU hogs, 0.82-0.83 beside
    // seven. The floor is lower because a CI machine measured lower than this one: the last CI run, on the
    // code before (0.63-0.71 here beside seven hogs), measured 0.44. Under it, CI fails: a real regression.
    name: 'file helpers upload ≥ 0.5 × bare node:http byte legs (uploadFile of a stream, median of round ratios; issue 26 target 0.8, met in full runs)',
    needs: 'filesThroughput',
    atLeast: true,
    limit: 0.5,
    value: (r) => r.filesThroughput.ratios.upload[HELPERS].median,
  },
  {
    // The same target for downloadFile, its Response's body read to the end (one web stream fed by node:http's
    // events, the idle watch told by it rather than wrapped around it): 0.95-1.15 in bench:check here,
    // 0.91-0.92 beside two CPU hogs, 0.87-0.91 beside seven. The last CI run measured 0.49 on the code before
    // (0.80-0.89 here beside seven hogs), hence a floor under that.
    name: 'file helpers download ≥ 0.4 × bare node:http byte legs (downloadFile, median of round ratios; issue 26 target 0.8, met in full runs)',
    needs: 'filesThroughput',
    atLeast: true,
    limit: 0.4,
    value: (r) => r.filesThroughput.ratios.download[HELPERS].median,
  },
  {
    // Issue 26's bound, from the client's own defaults: a stream holds at most (concurrency + 1) parts (the
    // ones in flight and the one being read), plus 64 MiB for sockets, buffers, the heap and the chunks sent
    // that V8 has not collected yet.
    name: `uploadFile client RSS growth during a streamed upload (200 MiB; 100 MiB in bench:check) ≤ (concurrency ${DEFAULT_CONCURRENCY} + 1) × partSize ${DEFAULT_PART_SIZE / MiB} MiB + 64 MiB (issue 26)`,
    needs: 'filesMemory',
    limit: ((DEFAULT_CONCURRENCY + 1) * DEFAULT_PART_SIZE) / MiB + 64,
    value: (r) => r.filesMemory.upload.growth,
  },
];

/** Every budget, or with `only` (run.mjs --only) the budgets whose results this run has. */
export function checkBudgets(results, { only = false } = {}) {
  return BUDGETS.filter((budget) => !only || budget.needs in results).map((budget) => {
    const value = budget.value(results);
    const ok = budget.atLeast ? value >= budget.limit : value <= budget.limit;
    return { name: budget.name, value, limit: budget.limit, atLeast: budget.atLeast === true, ok };
  });
}
