// bench:check fails on a breach: checkBudgets marks every budget from one run's numbers.
import { describe, expect, it } from 'vitest';
import { BUDGETS, checkBudgets } from '../src/budgets.mjs';
import { BARE, ON_DISK } from '../src/emulator-throughput.mjs';

const median = (value) => ({ min: value, median: value, max: value });
const limitOf = (prefix) => BUDGETS.find((b) => b.name.startsWith(prefix)).limit;
const mockMemory = ({ journal = 110, faults = 100 } = {}) => ({
  journal: { after: { rss: journal } },
  pendingFaults: { after: { rss: faults } },
});

/** Emulator throughput (MiB/s, median) with the bare side at 100: `upload` and `download` are the ratios. */
const emulatorThroughput = ({ upload = 0.9, download = 0.9 } = {}) => ({
  upload: { [BARE]: median(100), [ON_DISK]: median(100 * upload) },
  download: { [BARE]: median(100), [ON_DISK]: median(100 * download) },
});

/** A run in which every budget holds, with `overrides` applied to it. */
function run(overrides = {}) {
  return {
    perCall: { sequential: { '@dingtalk-storage/client': median(900), 'openapi-fetch': median(1000) } },
    size: { '@dingtalk-storage/client (with openapi-fetch)': { gzip: 5900 }, perOperation: { bytes: 40 } },
    coldStart: {
      wall: { '@dingtalk-storage/client': median(300), '@alicloud/dingtalk (official)': median(800) },
    },
    builds: { 'build, warm cache': median(1000) },
    mock: { 'in-process: start → first response': median(80), 'CLI: spawn → first response': median(1200) },
    scaling: { 100: { generate: median(500) }, 1000: { generate: median(900) } },
    mockMemory: mockMemory(),
    emulatorThroughput: emulatorThroughput(),
    emulatorMemory: { upload: { growth: 20 } },
    ...overrides,
  };
}

describe('checkBudgets', () => {
  it('passes a run within every budget', () => {
    expect(checkBudgets(run()).filter((b) => !b.ok)).toEqual([]);
    expect(checkBudgets(run())).toHaveLength(BUDGETS.length);
  });

  it.each([
    [
      'client per call',
      {
        perCall: { sequential: { '@dingtalk-storage/client': median(1200), 'openapi-fetch': median(1000) } },
      },
    ],
    [
      'client bundle',
      {
        size: {
          '@dingtalk-storage/client (with openapi-fetch)': { gzip: limitOf('client bundle') + 1 },
          perOperation: { bytes: 40 },
        },
      },
    ],
    [
      'mock spawn',
      {
        mock: {
          'in-process: start → first response': median(80),
          'CLI: spawn → first response': median(2100),
        },
      },
    ],
    [
      'each further operation',
      {
        size: {
          '@dingtalk-storage/client (with openapi-fetch)': { gzip: 5900 },
          perOperation: { bytes: limitOf('each further operation') + 1 },
        },
      },
    ],
    ['generate time', { scaling: { 100: { generate: median(100) }, 1000: { generate: median(1500) } } }],
    [
      'mock RSS after journaling',
      { mockMemory: mockMemory({ journal: limitOf('mock RSS after journaling') + 1 }) },
    ],
    [
      'mock RSS with the most pending faults',
      { mockMemory: mockMemory({ faults: limitOf('mock RSS with the most pending faults') + 1 }) },
    ],
    [
      'drive emulator upload',
      { emulatorThroughput: emulatorThroughput({ upload: limitOf('drive emulator upload') - 0.01 }) },
    ],
    [
      'drive emulator download',
      { emulatorThroughput: emulatorThroughput({ download: limitOf('drive emulator download') - 0.01 }) },
    ],
    [
      'drive emulator RSS growth',
      { emulatorMemory: { upload: { growth: limitOf('drive emulator RSS growth') + 1 } } },
    ],
  ])('flags a breached %s budget and only that one', (prefix, overrides) => {
    const breached = checkBudgets(run(overrides)).filter((b) => !b.ok);
    expect(breached.map((b) => b.name.slice(0, prefix.length))).toEqual([prefix]);
  });

  it('holds a floor at its limit: a throughput ratio equal to it passes', () => {
    const floor = limitOf('drive emulator upload');
    const budget = checkBudgets(run({ emulatorThroughput: emulatorThroughput({ upload: floor }) })).find(
      (b) => b.name.startsWith('drive emulator upload'),
    );
    expect(budget).toMatchObject({ ok: true, atLeast: true });
  });

  it('with only, checks the budgets whose results the run has', () => {
    const partial = { emulatorThroughput: emulatorThroughput(), emulatorMemory: { upload: { growth: 20 } } };
    const checked = checkBudgets(partial, { only: ['emulator'] });
    expect(checked.map((b) => b.name)).toEqual(
      BUDGETS.filter((b) => b.needs.startsWith('emulator')).map((b) => b.name),
    );
    expect(checked.length).toBeGreaterThan(0);
    // A full run must have every result: a missing one is an error, not a budget skipped.
    expect(() => checkBudgets(partial)).toThrow(TypeError);
  });
});
