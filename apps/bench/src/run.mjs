// pnpm bench: every measurement, side by side in one run; prints the tables and writes RESULTS.md.
// pnpm bench:check: a short run (for CI) that prints the tables and fails when a budget is breached.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { checkBudgets } from './budgets.mjs';
import { measureColdStart } from './cold-start.mjs';
import { measureMockMemory } from './mock-memory.mjs';
import { measureMockPerCall } from './mock-per-call.mjs';
import { measurePerCall, measureStubbed } from './per-call.mjs';
import { measureBuilds, measureMockStart } from './pipeline.mjs';
import { report } from './report.mjs';
import { measureScaling } from './scaling.mjs';
import { measureSize } from './size.mjs';

const check = process.argv.includes('--check');
const plan = check
  ? {
      perCall: { rounds: 5, calls: 300 },
      stubbed: { rounds: 5, calls: 5000 },
      cold: 4,
      mock: 3,
      mockPerCall: { rounds: 3, calls: 200 },
      // Past the journal's byte budget (256 bodies of 64 KiB), so the figure is the full journal's.
      mockMemory: { requests: 300 },
      scaling: { sizes: [100, 1000], rounds: 1, full: false },
      builds: { full: false },
    }
  : {
      perCall: { rounds: 10, calls: 1000 },
      stubbed: { rounds: 10, calls: 20000 },
      cold: 10,
      mock: 5,
      mockPerCall: { rounds: 5, calls: 1000 },
      mockMemory: { requests: 1000 },
      scaling: { sizes: [10, 100, 1000], rounds: 3, full: true },
      builds: { full: true },
    };

const log = (message) => console.error(`bench: ${message}`);
const results = {
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  },
};
log('size');
results.size = await measureSize();
log('per-call overhead');
results.perCall = await measurePerCall(plan.perCall);
results.stubbed = await measureStubbed(plan.stubbed);
log('cold start');
results.coldStart = await measureColdStart({ rounds: plan.cold });
log('mock start');
results.mock = await measureMockStart({ rounds: plan.mock });
log('mock per call');
results.mockPerCall = await measureMockPerCall(plan.mockPerCall);
log('mock memory');
results.mockMemory = await measureMockMemory(plan.mockMemory);
log('builds');
results.builds = measureBuilds(plan.builds);
log('scaling');
results.scaling = measureScaling(plan.scaling);

const budgets = checkBudgets(results);
const markdown = report(results, budgets, { check });
console.log(markdown);
if (!check) {
  writeFileSync(new URL('../RESULTS.md', import.meta.url), markdown);
  log('wrote apps/bench/RESULTS.md');
}
const breached = budgets.filter((b) => !b.ok);
if (check && breached.length > 0) {
  console.error(
    `bench:check: ${breached.length} budget(s) breached:\n- ${breached.map((b) => b.name).join('\n- ')}`,
  );
  process.exit(1);
}
