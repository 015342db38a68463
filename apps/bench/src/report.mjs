// RESULTS.md: the machine, then every figure as min / median / max, with ratios against the baseline.
import { MiB } from './bytes.mjs';
import { CLIENT, CLIENT_ON_FETCH, IN_FLIGHT, OFFICIAL, UNDICI_POOL } from './contestants.mjs';
import { BARE } from './emulator-throughput.mjs';
import { BARE_LEGS, HELPERS, HELPERS_IN_MEMORY } from './files-throughput.mjs';
import { BROWSER_BUNDLE, FILES_BUNDLE, PLATFORMS } from './size.mjs';
import { fmt } from './stats.mjs';

const list = (names) => (names.length ? names.map((name) => `\`${name}\``).join(', ') : 'none');
const row = (cells) => `| ${cells.join(' | ')} |`;
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/**
 * A table of min / median / max with the ratio of each median to each baseline's (a name or several), and a
 * transport column where `transports` names one per row.
 */
/** `ratios`: each row's ratio as measured (paired round by round), instead of its median over the baseline's. */
function timings(title, unit, entries, baseline, { transports, ratios } = {}) {
  const baselines = [baseline ?? []].flat();
  const ratioHeads = baselines.length ? baselines.map((name) => `vs ${name}`) : ['ratio'];
  const rows = Object.entries(entries).map(([name, s]) => [
    name,
    ...(transports ? [transports[name] ?? '–'] : []),
    fmt(s.min),
    fmt(s.median),
    fmt(s.max),
    ...(baselines.length
      ? baselines.map((base) =>
          entries[base] ? `${fmt(ratios?.[name]?.median ?? s.median / entries[base].median, 2)}×` : '–',
        )
      : ['–']),
  ]);
  const head = [
    '',
    ...(transports ? ['transport'] : []),
    `min (${unit})`,
    `median (${unit})`,
    `max (${unit})`,
  ];
  return `### ${title}\n\n${table([...head, ...ratioHeads], rows)}\n`;
}

/** Why a budget is breached, as far as profiling showed: printed next to a breached budget. */
const CAUSES = {
  'client per call ≤ 1.0 × bare openapi-fetch':
    'Profiled with the stubbed fetch: per attempt the wrapper creates one more AbortSignal (on Node 20 its creation runs makeTransferable, ~30 µs). With middleware it also re-reads the Request body and re-wraps the buffered answer in a new Response (~70 µs), which the middleware-free fast path skips.',
  'client per call ≤ 1.0 × the official SDK':
    "On fetch the client was 1.37× the official SDK sequential and 3.5× with 32 in flight (issue 25): undici's fetch costs several times a node:http call under concurrency. The node build's wire (node:http, keep-alive) measured 0.85× and 0.74×. See the transport column: a breach with `fetch` there means Node resolved the fetch build; with `node:http`, the node wire got slower.",
  'client bundle':
    "The client's sources bundled for browsers at each commit since the last run within it (min+gzip): 10,178 B; the wire seam of issue 25 (7b6c4a4, 4afaead, 969eebf: wire-fetch.ts, the fetch wire's adapter with the answer's head, a body read up to a limit, discard and a cancel handle; default-wire.ts with DEFAULT_TRANSPORT; transport.ts on the wire) +173 B, 10,351 B, past the budget by about 110 B on its own; streamed bodies on both wires (7de9805) +155 B; paginate (0ac8da1, paginate.ts) +380 B; waitForTask and waitForTasks (7e5e561, tasks.ts and its error) +681 B; the byte legs on the client's wire (af2d116, client-wire.ts) +52 B; a body in pieces and the stream watch on the fetch wire (db60274, wire-fetch.ts) +108 B; the task helpers reading the operation they poll from the table (fbdc1d6, x-task-status) +82 B. The file helpers have their own entry (`/files`) and add nothing here, nor does the node:http wire (the Node-modules budget checks that).",
  'Node modules imported':
    'The node:http wire (wire-node.ts) reached a bundle for browsers: the `default` and `browser` builds must import only the fetch wire (default-wire.ts); tsdown.config.ts swaps in default-wire-node.ts for the `node` build alone.',
  'file helpers upload':
    "A stream's chunks are held as they came until their part is answered (packages/client/src/files/body-parts.ts, gatheredParts) and sent as pieces in one corked write (packages/client/src/wire-node.ts), so no byte is copied; the bare legs send one reused chunk. Before that, copying every byte into a part was 46% of the CPU not idle and collecting the dead parts 15% (node --cpu-prof, ten 100 MiB streamed uploads). A breach means a copy or a per-part allocation came back, or the PUTs no longer go `concurrency` at a time.",
  'file helpers download':
    "The body is one web stream fed by node:http's 'data' events (packages/client/src/wire-node.ts, webStreamOf), which tells the byte leg's idle watch when it waits on the network (packages/client/src/files/byte-leg.ts, send) instead of a second stream wrapped around it; the Response takes that stream as it is (packages/client/src/files/download.ts). Each chunk still costs a promise and a read request; the bare GET reads the 'data' events. A breach means a layer or a per-chunk timer came back.",
  'uploadFile client RSS growth':
    "The live parts are at most (concurrency + 1) × partSize as the README says: the stream's chunks, held until their part is answered (packages/client/src/files/body-parts.ts), the two first parts not held past their PUT (packages/client/src/files/upload.ts, readAhead and prepend: holding them added 2 parts, 89 instead of 66 MiB for 100 MiB). The chunks sent are garbage V8 collects under external-memory pressure, up to about 64 MiB more: the bound's margin. A breach means a part is held past its PUT.",
  'mock spawn':
    "Loading Prism's CommonJS module graph dominates (lodash, fp-ts, ajv, http-spec, …; Faker is already cut to its English locale); with Prism loaded a start takes about 60 ms.",
};

/** Why the bundle budget is 12 KB and not the 5 KB first asked for, with this run's numbers. */
function bundleFloor(size) {
  const ours = size[BROWSER_BUNDLE].gzip;
  const bare = size['openapi-fetch (bare)'].gzip;
  return (
    `The first budget was 5 KB (5120 B) min+gzip. openapi-fetch alone is ${bare} B, which would leave ${5120 - bare} B ` +
    `for the wrapper; the wrapper adds ${ours - bare} B. Every file above is behaviour an issue requires: ` +
    'transport.ts (token per attempt, one refresh on InvalidAuthentication, a timeout per attempt that covers the body, ' +
    "full-jitter retries with Retry-After and the QpsLimit floor, the caller's signal, redirects refused with a typed " +
    'error), wire-fetch.ts and default-wire.ts (the seam under those policies: one request out on fetch, the head ' +
    'back, the body read up to a limit or streamed, a cancel handle; the node build puts its node:http wire there ' +
    'instead), read-body.ts (answers read up to maxResponseBytes, compressed ones too), client.ts (typed answers, and ' +
    'typed errors for non-JSON, non-DingTalk and space-less bodies, and for a BigInt or circular option), options.ts ' +
    '(every option checked, naming the field: baseUrl without credentials, query or fragment; timers within 2^31 ms), ' +
    'errors.ts (four error classes with literal names that survive minifying, toJSON, one place that redacts every ' +
    'field), token.ts (a provider bounded by the signal and the timeout, unsendable tokens refused unquoted, the ' +
    'single-flight cache that drops a fetch its callers gave up on), redact.ts (whole-token redaction in keys and ' +
    'values, depth-capped), retry.ts, sleep.ts, operations.ts (the generated table, one entry per operation), ' +
    'app-token.ts (sign-in with appKey and appSecret on the generated getAccessToken, the secret redacted), ' +
    'paginate.ts (every x-pagination operation paged from its generated row), tasks.ts (waiting for async tasks ' +
    "with backoff within one deadline), client-wire.ts (the file helpers' byte legs on the client's own wire). The " +
    'first round fitted in 6 KB (5,905 B); the hardening issue (redirects, bounded token providers, unsendable ' +
    'tokens, complete redaction, bounded memory, full baseUrl and timer checks, typed errors for hostile input, ' +
    'literal error names) added about 1.5 KB, nearly all of it the checks and the error messages that say what went ' +
    'wrong and what to do; the spec-driven call path (any operation: path and query built from the table, inputs ' +
    'checked by name, retries only where the spec says they are safe, the same call through openapi-fetch when ' +
    'middleware is set) added about 0.7 KB, sign-in with app credentials (the provider, anonymous operations, ' +
    'one refresh for many refused calls) about 0.35 KB, typed path and query inputs (integers, booleans, query ' +
    'arrays and JSON text, each checked by kind and written as the official SDK writes it, on both call paths) ' +
    'about 0.4 KB, and each further operation costs only its table entry (below): the whole storage API, 47 ' +
    'operations with their kinds, pagination and async fields, is the largest single part. ' +
    'Cutting the messages would trade clarity for bytes, so the budget `bench:check` holds moved on purpose to ' +
    "10 KB, the whole-API issue's limit for all 47 operations, and then to 12 KB for what issues 25 and 26 " +
    'require of the core (from 10,178 B: the wire seam under every policy +173 B, streamed bodies on both wires ' +
    "+155 B, paginate +380 B, waitForTask and waitForTasks +681 B, the byte legs on the client's wire +52 B; the " +
    'file helpers are their own `/files` entry): the bundle still cannot grow unnoticed.'
  );
}

function mockMemory(m) {
  const rows = [
    ['idle, just started', m.journal.idle],
    [`after ${m.requests} requests of ${m.bodyBytes} bytes, journaled`, m.journal.after],
    [
      `${m.faults} faults pending (MAX_PENDING_FAULTS), each ${m.faultBytes} bytes (MAX_FAULT_BYTES)`,
      m.pendingFaults.after,
    ],
  ];
  return (
    `${table(
      ['', 'RSS (MiB)', 'heap used (MiB)'],
      rows.map(([name, s]) => [name, fmt(s.rss), fmt(s.heapUsed)]),
    )}\n\n` +
    `The journal keeps each body's first ${m.journalBodyBytes} bytes (MAX_JOURNAL_BODY_BYTES) and ${m.journalBytes} bytes ` +
    '(MAX_JOURNAL_BYTES) in all, dropping the oldest bodies first; pending faults are capped in number and size.\n'
  );
}

function driveEmulator(r, { check }) {
  const t = r.emulatorThroughput;
  const m = r.emulatorMemory;
  const size = (bytes) => `${fmt(bytes / MiB, 0)} MiB`;
  const command = (args) => `dingtalk-storage-mock ${args.join(' ')}`;
  const legs = (leg) => [
    ['peak RSS during it', leg.peak],
    ['**growth** (peak less RSS just before)', leg.growth],
  ];
  return [
    `Reproduce: \`pnpm bench\` (${check ? 'or `pnpm bench:check`, this short run' : '`pnpm bench:check` runs smaller files'}); ` +
      'this section alone: `pnpm --filter @dingtalk-storage/bench bench --only emulator` (add `--check` for the short sizes). ' +
      `The emulator is the mock's CLI, \`${command(t.emulatorArgs)}\` (and without \`--data-dir\`: bytes in memory), each ` +
      'in a process of its own; the bare side is byte-server.mjs, a node:http server in a process of its own that writes ' +
      "each PUT to a file (a temp name, fsynced, renamed, the folder fsynced: what the emulator's blob store does " +
      'under `dataDir`) and streams the ' +
      `file back on GET. All files in one temporary folder (file system: ${t.fileSystem}), removed however the run ends. ` +
      'An upload through the emulator is getFileUploadInfo → one PUT of the whole file → commitFile (single upload, so ' +
      "both sides send one stream over one connection and the ratio is the emulator's own cost); a download is " +
      'getFileDownloadInfo → one GET. The bytes go with node:http on both sides (the same client code), the API calls ' +
      `with @dingtalk-storage/client. ${t.rounds} rounds after one of ${size(t.warmUpBytes)} not counted; in a round every ` +
      'contestant uploads, then every one downloads, in an order rotated round by round, so that legs compared run side ' +
      'by side. MiB/s is the size over the wall time of the whole flow, API calls included, as a user waits for it.',
    timings(`upload of ${size(t.bytes)}: the whole flow`, 'MiB/s', t.upload, BARE),
    timings(`download of ${size(t.bytes)}: the whole flow`, 'MiB/s', t.download, BARE),
    `### Memory: the emulator process (\`${command(m.emulatorArgs)}\`) while ${size(m.bytes)} stream through it`,
    table(
      ['', 'RSS (MiB)'],
      [
        ['idle, just started', m.idle],
        [
          `before the upload (after a warm-up upload and download of ${size(m.warmUpBytes)})`,
          m.upload.before,
        ],
        ...legs(m.upload).map(([what, value]) => [`multipart upload: ${what}`, value]),
        ...legs(m.download).map(([what, value]) => [`its download: ${what}`, value]),
        ['after both', m.after],
      ].map(([what, value]) => [what, fmt(value)]),
    ),
    `The upload is initMultipartFileUpload → getMultipartFileUploadInfos → PUTs of ${size(m.partBytes)} parts, ` +
      `${m.inFlight} in flight → commitFile, the parts made as they are sent (the bench process never holds the file ` +
      `either); the download is one GET. It ran at ${fmt(m.upload.mibPerSecond)} MiB/s up and ${fmt(m.download.mibPerSecond)} ` +
      `MiB/s down. RSS was read every ${m.sampleMs} ms from /proc/<pid>/status (${m.upload.samples} readings up, ` +
      `${m.download.samples} down)${m.upload.hwmReset ? ' and VmHWM, reset through /proc/<pid>/clear_refs before each leg, catches a peak between two readings' : '; VmHWM could not be reset here, so the peak is the highest reading'}. ` +
      'The budget is the growth during the upload: issue 24 bounds it at 64 MiB whatever the size.\n',
  ].join('\n\n');
}

function fileHelpers(r, { check }) {
  const t = r.filesThroughput;
  const m = r.filesMemory;
  const size = (bytes) => `${fmt(bytes / MiB, 0)} MiB`;
  return [
    `Reproduce: \`pnpm bench\` (${check ? 'or `pnpm bench:check`, this short run' : '`pnpm bench:check` runs smaller files'}); ` +
      'this section alone: `pnpm --filter @dingtalk-storage/bench bench --only files` (add `--check` for the short sizes). ' +
      `The server is the drive emulator, the mock's CLI \`dingtalk-storage-mock ${t.emulatorArgs.join(' ')}\` in a process ` +
      'of its own with the bytes in memory (no `--data-dir`: a disk would dominate both sides alike). ' +
      `\`${HELPERS}\`: \`uploadFile\` of an async stream of ${size(t.bytes)} made as it is read, and \`downloadFile\`, its ` +
      `Response's body read to the end, with their defaults (parts of ${size(t.partBytes)}, DEFAULT_PART_SIZE; ` +
      `${t.concurrency} in flight, DEFAULT_CONCURRENCY) and retries off. \`${HELPERS_IN_MEMORY}\`: the same upload from ` +
      `bytes already in memory (sliced). \`${BARE_LEGS}\`: the same flows by hand, the API calls with the ` +
      'same client (initMultipartFileUpload → getMultipartFileUploadInfos → the PUTs of the same parts, as many in ' +
      'flight → commitFile; getFileDownloadInfo → one GET), the bytes with bare node:http (byte-legs.mjs) to the ' +
      "same signed URLs. So the ratio is the helpers' own cost: checks, signing batches, a stream's chunks held as " +
      "parts, the byte legs' timeout and retry policy on the client's wire, the Response and its web stream. " +
      `${t.rounds} rounds after one of ${size(t.warmUpBytes)} not counted; in a round every contestant uploads, then ` +
      'every one downloads, the order rotated round by round. MiB/s is the size over the wall time of the whole flow, ' +
      "API calls included. The ratio is the median of the rounds' ratios (in a round the legs ran side by side, so a " +
      'round when the machine was busier moves both).',
    timings(`upload of ${size(t.bytes)}: the whole flow`, 'MiB/s', t.upload, BARE_LEGS, {
      ratios: t.ratios.upload,
    }),
    timings(`download of ${size(t.bytes)}: the whole flow`, 'MiB/s', t.download, BARE_LEGS, {
      ratios: t.ratios.download,
    }),
    `### Memory: a client process (files-upload-process.mjs: the client and uploadFile, nothing else) while a stream of ${size(m.bytes)} uploads`,
    table(
      ['', 'RSS (MiB)'],
      [
        ['idle (client imported, a space created, garbage collected)', m.idle],
        [
          `before the upload (after a warm-up upload of ${size(m.warmUpBytes)}, garbage collected)`,
          m.upload.before,
        ],
        [`streamed upload of ${size(m.bytes)}: peak RSS during it`, m.upload.peak],
        [`streamed upload of ${size(m.bytes)}: **growth** (peak less RSS just before)`, m.upload.growth],
        ['after it, garbage collected', m.after],
      ].map(([what, value]) => [what, fmt(value)]),
    ),
    `The stream is an async generator of 1 MiB chunks, each in new memory as a file read from disk comes (uploadFile ` +
      `holds a stream's chunks, not copies, until their part is sent; the process never holds the file); uploadFile's ` +
      `defaults: parts of ${size(m.partBytes)}, ${m.concurrency} in flight. It ran at ${fmt(m.upload.mibPerSecond)} MiB/s. ` +
      `RSS was read every ${m.sampleMs} ms from /proc/<pid>/status (${m.upload.samples} readings)` +
      `${m.upload.hwmReset ? ' and VmHWM, reset through /proc/<pid>/clear_refs before the upload, catches a peak between two readings' : '; VmHWM could not be reset here, so the peak is the highest reading'}. ` +
      `The budget is issue 26's: growth ≤ (concurrency + 1) × partSize + 64 MiB = ${fmt(((m.concurrency + 1) * m.partBytes) / MiB + 64, 0)} MiB, from the client's exported defaults.\n`,
  ].join('\n\n');
}

/**
 * RESULTS.md from a run. With `only` (run.mjs --only), a run of some parts: the sections whose results it has
 * (in a full run every section is there, and a missing result is an error).
 */
export function report(r, budgets, { check, only = false }) {
  const m = r.machine;
  const section = (needs, lines) => (!only || needs.every((name) => name in r) ? lines() : []);
  const parts = [
    `# Benchmark results${check ? ' (short run, bench:check)' : ''}${only ? ` (only: ${only.join(', ')})` : ''}`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node.js ${m.node}; ${m.date}.\n` +
      `Reproduce: \`pnpm bench\` (full, writes this file) or \`pnpm bench:check\` (short, CI); some parts only: ` +
      `\`pnpm --filter @dingtalk-storage/bench bench --only emulator\` (the parts are named in src/run.mjs; prints, writes nothing). Contestants run interleaved ` +
      `(A B C, B C A, …) in one run; ratios compare medians (the file helpers': the median of each round's ratio).`,
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
    ...section(['perCall', 'stubbed'], () => [
      '## Per-call overhead (127.0.0.1, keep-alive node:http server in another process)',
      `Every contestant in the same run against the same server. \`${CLIENT}\` is the client as Node resolves the ` +
        'package (its `node` export condition), on the transport its build exports as `DEFAULT_TRANSPORT`; ' +
        `\`${CLIENT_ON_FETCH}\` is the same client given \`fetch: globalThis.fetch\` (its fetch wire, what the ` +
        `\`browser\` and \`default\` builds use). \`${UNDICI_POOL}\` is the measured limit: the same POST on undici's ` +
        `own Pool (a connection per call in flight), no fetch and no wrapper, the body read and JSON-parsed as every ` +
        'other contestant does. Ratios compare medians.',
      timings(
        'sequential: median latency of one call, contestants alternating call by call',
        'µs/call',
        r.perCall.sequential,
        [OFFICIAL, UNDICI_POOL],
        { transports: r.perCall.transports },
      ),
      timings(
        `${IN_FLIGHT} in flight: wall time / calls`,
        'µs/call',
        r.perCall[`${IN_FLIGHT} in flight`],
        [OFFICIAL, UNDICI_POOL],
        { transports: r.perCall.transports },
      ),
      timings('stubbed fetch (wrapper CPU only)', 'µs/call', r.stubbed, 'openapi-fetch'),
      'On fetch the client can beat bare openapi-fetch: it calls `fetch(url, init)` with the body string it ' +
        "serialized, while openapi-fetch calls `fetch(request)`, and undici then reads the Request's body stream. With " +
        "fetch stubbed out (no network) the difference is the wrapper's own CPU cost.\n",
    ]),
    ...section(['coldStart'], () => [
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
    ]),
    ...section(['size'], () => [
      '## Size',
      'The built client (packages/client/dist, through its package exports) bundled and minified with esbuild as ' +
        'a bundler resolves it for browsers (platform browser: the `browser` condition; the budget) and for Node ' +
        '(platform node: the `node` condition, with the node:http wire):\n',
      table(
        ['', 'minified (bytes)', 'min+gzip (bytes)'],
        Object.entries(r.size)
          .filter(([, s]) => typeof s.gzip === 'number')
          .map(([name, s]) => [name, String(s.min), String(s.gzip)]),
      ),
      `\nNode modules each bundle imports: ${Object.entries(r.size.nodeImports)
        .map(
          ([condition, names]) =>
            `\`${condition}\` condition (platform ${PLATFORMS[condition]}): ${list(names)}`,
        )
        .join(
          '; ',
        )}; \`node\` condition (platform ${PLATFORMS.node}): ${list(r.size.nodeBuildImports)}, the node:http wire's.\n`,
      `\nThe file helpers are a subpath of their own, \`${FILES_BUNDLE.split(',')[0]}\`, so the client bundle above ` +
        `does not carry them: bundled for browsers on their own (the core code they share included) ${r.size[FILES_BUNDLE].gzip} B ` +
        `min+gzip; in a bundle that has the client, \`@dingtalk-storage/client/files\` adds ${r.size.filesAdded.min} B minified, ` +
        `${r.size.filesAdded.gzip} B min+gzip. Node modules it imports for browsers: ${list(r.size.filesNodeImports ?? [])}.\n`,
      "\nWhere the client's minified bytes go (its sources, the browser build's fetch wire included, bundled the same way):\n",
      table(
        ['file', 'minified (bytes)'],
        Object.entries(r.size.clientBreakdown).map(([file, bytes]) => [file, String(bytes)]),
      ),
      `\n${bundleFloor(r.size)}\n`,
      `\nOne more operation in the spec: the client bundle (min+gzip) goes from ${r.size.perOperation.before} B with ${r.size.perOperation.operations} operations to ${r.size.perOperation.after} B, ${r.size.perOperation.bytes} B for the operation (its entry in the generated table; the call path is shared).\n`,
      `\nOfficial SDK \`@alicloud/dingtalk\` installed: ${(r.size.officialInstalled.bytes / 2 ** 20).toFixed(1)} MiB in ${r.size.officialInstalled.packages} packages (package + dependencies).\n`,
    ]),
    ...(!only || ['builds', 'mock', 'mockPerCall'].some((name) => name in r) ? ['## Pipeline'] : []),
    ...section(['builds'], () => [timings('turbo build', 'ms', r.builds)]),
    ...section(['mock'], () => [timings('mock', 'ms', r.mock)]),
    ...section(['mockPerCall'], () => [
      timings(
        "mock per call: the client's createSpace, by the way the mock runs",
        'µs/call',
        r.mockPerCall,
        'mock server, stateful (HTTP on 127.0.0.1)',
      ),
    ]),
    ...section(['mockMemory'], () => [
      '## Mock memory (the stateful mock in a process of its own, after garbage collection)',
      mockMemory(r.mockMemory),
    ]),
    ...section(['emulatorThroughput', 'emulatorMemory'], () => [
      '## Drive emulator (issue 24: bytes through the stateful mock, against bare node:http on the same machine)',
      driveEmulator(r, { check }),
    ]),
    ...section(['filesThroughput', 'filesMemory'], () => [
      '## File helpers (issue 26: `@dingtalk-storage/client/files` against the same flows by hand with bare node:http)',
      fileHelpers(r, { check }),
    ]),
    ...section(['scaling'], () => [
      '## Scaling (synthetic specs)',
      table(
        ['operations', ...Object.keys(r.scaling[Object.keys(r.scaling)[0]]).map((k) => `${k} median (ms)`)],
        Object.entries(r.scaling).map(([count, phases]) => [
          count,
          ...Object.values(phases).map((s) => fmt(s.median)),
        ]),
      ),
    ]),
  ];
  return `${parts.join('\n\n')}\n`;
}
