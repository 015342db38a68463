// RESULTS.md's file helpers section: each contestant's MiB/s beside the bare byte legs', and the client
// process's memory during a streamed upload against the bound from the client's own defaults.
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '@dingtalk-storage/client/files';
import { describe, expect, it } from 'vitest';
import { BUDGETS, checkBudgets } from '../src/budgets.mjs';
import { MiB } from '../src/bytes.mjs';
import { BARE_LEGS, HELPERS, HELPERS_IN_MEMORY } from '../src/files-throughput.mjs';
import { report } from '../src/report.mjs';
import { machine, rate } from './fixtures.mjs';

const filesRun = (growth) => ({
  machine,
  filesThroughput: {
    bytes: 100 * MiB,
    rounds: 10,
    warmUpBytes: 17 * MiB,
    partBytes: DEFAULT_PART_SIZE,
    concurrency: DEFAULT_CONCURRENCY,
    emulatorArgs: ['--mode', 'stateful', '--port', '0'],
    upload: { [BARE_LEGS]: rate(400), [HELPERS]: rate(360), [HELPERS_IN_MEMORY]: rate(380) },
    download: { [BARE_LEGS]: rate(500), [HELPERS]: rate(350) },
    // Round by round: not what the medians' ratios would say (0.90, 0.95, 0.70), so the table shows which it reads.
    ratios: {
      upload: { [BARE_LEGS]: rate(1), [HELPERS]: rate(0.92), [HELPERS_IN_MEMORY]: rate(0.97) },
      download: { [BARE_LEGS]: rate(1), [HELPERS]: rate(0.72) },
    },
  },
  filesMemory: {
    bytes: 200 * MiB,
    partBytes: DEFAULT_PART_SIZE,
    concurrency: DEFAULT_CONCURRENCY,
    warmUpBytes: 17 * MiB,
    sampleMs: 10,
    emulatorArgs: ['--mode', 'stateful', '--port', '0'],
    idle: 55,
    upload: { before: 56, peak: 56 + growth, growth, samples: 60, hwmReset: true, mibPerSecond: 300 },
    after: 58,
  },
});
const only = ['files'];
const render = (run) => report(run, checkBudgets(run, { only }), { check: false, only });

describe('report, file helpers', () => {
  const markdown = render(filesRun(80));

  it("gives each contestant its MiB/s and the median of its rounds' ratios to the bare byte legs", () => {
    expect(markdown).toContain('## File helpers');
    expect(markdown).toMatch(/### upload of 100 MiB/);
    expect(markdown).toContain(`| ${HELPERS} | 359.0 | 360.0 | 361.0 | 0.92× |`);
    expect(markdown).toContain(`| ${HELPERS_IN_MEMORY} | 379.0 | 380.0 | 381.0 | 0.97× |`);
    expect(markdown).toContain(`| ${HELPERS} | 349.0 | 350.0 | 351.0 | 0.72× |`);
    expect(markdown).toContain('`dingtalk-storage-mock --mode stateful --port 0`');
    expect(markdown).toContain('--only files');
  });

  it('gives the client process memory and the bound from the defaults', () => {
    const bound = ((DEFAULT_CONCURRENCY + 1) * DEFAULT_PART_SIZE) / MiB + 64;
    expect(markdown).toContain(
      '| streamed upload of 200 MiB: **growth** (peak less RSS just before) | 80.0 |',
    );
    expect(markdown).toMatch(
      new RegExp(`\\| uploadFile client RSS growth [^|]*\\| 80\\.00 \\| ${bound} \\| ok \\|`),
    );
    // The download ratio of the run (0.72, paired) against the budget's own floor.
    const { limit } = BUDGETS.find((b) => b.name.startsWith('file helpers download'));
    const verdict = 0.72 >= limit ? 'ok' : '\\*\\*BREACHED\\*\\*';
    expect(markdown).toMatch(
      new RegExp(`\\| file helpers download ≥ [^|]*\\| 0\\.72 \\| ${limit} \\| ${verdict} \\|`),
    );
  });

  it('explains a breached memory bound', () => {
    expect(render(filesRun(120))).toMatch(/- \*\*uploadFile client RSS growth.*\*\*: .*body-parts\.ts/);
  });

  it('with only, reports the parts run and no other', () => {
    expect(markdown).toMatch(/^# Benchmark results \(only: files\)/);
    expect(markdown).not.toMatch(/## (Per-call|Cold start|Size|Pipeline|Mock memory|Drive emulator|Scaling)/);
  });
});
