// The matrix's last run: what passed on which runtime and the transport the client used there, in
// results.json (committed), and the table in the client README written from it, so the README cannot claim
// a runtime the matrix did not run. Versions are the pinned ones (the machine's own Node.js 20 and Debian's
// Chromium are named, not numbered: they vary by machine, and the table must not change with the machine).
import { readFileSync, writeFileSync } from 'node:fs';
import { type Results, renderTable } from '../src/results-table.mjs';

const resultsFile = new URL('../results.json', import.meta.url);
const readmeFile = new URL('../../../packages/client/README.md', import.meta.url);

const recorded: Results = {};
/** The client's DEFAULT_TRANSPORT as the program reported it, by runtime. */
const transports: Record<string, string> = {};

/** Notes the transport the client reported on `runtime`, whatever its checks then give. */
export function recordTransport(runtime: string, transport: string): void {
  transports[runtime] = transport;
}

/** Notes one check's outcome on one runtime (`version` as the pinned list or the runtime names it). */
function recordResult(check: string, runtime: string, version: string, ok: boolean): void {
  recorded[runtime] = { version, checks: { ...recorded[runtime]?.checks, [check]: ok } };
}

/** Runs one check of one runtime and notes whether it passed (an exception or a failed expect: it did not). */
export async function checked(check: string, runtime: string, version: string, body: () => Promise<void>) {
  let ok = false;
  try {
    await body();
    ok = true;
  } finally {
    recordResult(check, runtime, version, ok);
  }
}

/**
 * Runs a program once on `runtime` and notes each check of what it reported on its own (a run that failed
 * fails every one); throws the first failure, naming the others.
 */
export async function checkedEach<Result>(
  runtime: string,
  version: string,
  run: () => Promise<Result>,
  checks: Record<string, (result: Result) => void>,
): Promise<void> {
  const ran = run().then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  const failures: [string, unknown][] = [];
  for (const [check, assert] of Object.entries(checks)) {
    await checked(check, runtime, version, async () => {
      const outcome = await ran;
      if ('error' in outcome) throw outcome.error;
      assert(outcome.result);
    }).catch((error: unknown) => failures.push([check, error]));
  }
  const [first, ...others] = failures;
  if (!first) return;
  if (others.length === 0 || !(first[1] instanceof Error)) throw first[1];
  const also = others.map(([check, error]) => `${check}: ${String(error).split('\n')[0]}`);
  first[1].message += `\n\nAlso failed on ${runtime}:\n${also.join('\n')}`;
  throw first[1];
}

/** Merges this file's outcomes into results.json and rewrites the README's table from it. */
export function writeResults(): void {
  const results: Results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const [runtime, entry] of Object.entries(recorded)) {
    // The transport goes with the client check: a run of it that reported none (it failed first) shows none.
    const transport = 'client' in entry.checks ? transports[runtime] : results[runtime]?.transport;
    results[runtime] = {
      version: entry.version,
      ...(transport && { transport }),
      checks: { ...results[runtime]?.checks, ...entry.checks },
    };
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const readme = readFileSync(readmeFile, 'utf8');
  writeFileSync(readmeFile, renderTable(readme, results));
}
