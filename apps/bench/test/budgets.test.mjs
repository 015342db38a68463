// bench:check fails on a breach: checkBudgets marks every budget from one run's numbers.
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '@dingtalk-storage/client/files';
import { describe, expect, it } from 'vitest';
import { BUDGETS, checkBudgets } from '../src/budgets.mjs';
import { MiB } from '../src/bytes.mjs';
import { CLIENT, IN_FLIGHT, OFFICIAL } from '../src/contestants.mjs';
import { BARE, ON_DISK } from '../src/emulator-throughput.mjs';
import { BARE_LEGS, HELPERS } from '../src/files-throughput.mjs';
import { BROWSER_BUNDLE } from '../src/size.mjs';

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

/**
 * File helpers' throughput with the bare byte legs at 100 MiB/s: `upload` and `download` are the paired
 * ratios the budgets read; the medians' ratio is kept apart (0.5), so a budget reading it would fail.
 */
const filesThroughput = ({ upload = 0.9, download = 0.9 } = {}) => ({
  upload: { [BARE_LEGS]: median(100), [HELPERS]: median(50) },
  download: { [BARE_LEGS]: median(100), [HELPERS]: median(50) },
  ratios: {
    upload: { [BARE_LEGS]: median(1), [HELPERS]: median(upload) },
    download: { [BARE_LEGS]: median(1), [HELPERS]: median(download) },
  },
});

/** Per-call medians (µs): the client's over the official SDK's is `sequential` and `inFlight`. */
const perCall = ({ sequential = 0.85, inFlight = 0.75, bare = 0.9 } = {}) => ({
  sequential: {
    [CLIENT]: median(300 * sequential),
    [OFFICIAL]: median(300),
    'openapi-fetch': median((300 * sequential) / bare),
  },
  [`${IN_FLIGHT} in flight`]: { [CLIENT]: median(100 * inFlight), [OFFICIAL]: median(100) },
});

/** Bundle sizes and the Node modules the browser and default bundles import. */
const size = ({ gzip = 5900, perOperation = 40, nodeImports = { browser: [], default: [] } } = {}) => ({
  [BROWSER_BUNDLE]: { gzip },
  perOperation: { bytes: perOperation },
  nodeImports,
});

/** A run in which every budget holds, with `overrides` applied to it. */
function run(overrides = {}) {
  return {
    perCall: perCall(),
    size: size(),
    coldStart: {
      wall: { '@dingtalk-storage/client': median(300), '@alicloud/dingtalk (official)': median(800) },
    },
    builds: { 'build, warm cache': median(1000) },
    mock: { 'in-process: start → first response': median(80), 'CLI: spawn → first response': median(1200) },
    scaling: { 100: { generate: median(500) }, 1000: { generate: median(900) } },
    mockMemory: mockMemory(),
    emulatorThroughput: emulatorThroughput(),
    emulatorMemory: { upload: { growth: 20 } },
    filesThroughput: filesThroughput(),
    filesMemory: { upload: { growth: 60 } },
    ...overrides,
  };
}

describe('checkBudgets', () => {
  it('passes a run within every budget', () => {
    expect(checkBudgets(run()).filter((b) => !b.ok)).toEqual([]);
    expect(checkBudgets(run())).toHaveLength(BUDGETS.length);
  });

  it.each([
    ['client per call ≤ 1.0 × bare openapi-fetch', { perCall: perCall({ bare: 1.2 }) }],
    [
      'client per call ≤ 1.0 × the official SDK (sequential',
      { perCall: perCall({ sequential: limitOf('client per call ≤ 1.0 × the official SDK (seq') + 0.01 }) },
    ],
    [
      `client per call ≤ 1.0 × the official SDK (${IN_FLIGHT} in flight`,
      {
        perCall: perCall({
          inFlight: limitOf(`client per call ≤ 1.0 × the official SDK (${IN_FLIGHT}`) + 0.01,
        }),
      },
    ],
    ['client bundle', { size: size({ gzip: limitOf('client bundle') + 1 }) }],
    ['Node modules imported', { size: size({ nodeImports: { browser: ['node:http'], default: [] } }) }],
    ['Node modules imported', { size: size({ nodeImports: { browser: [], default: ['node:zlib'] } }) }],
    [
      'mock spawn',
      {
        mock: {
          'in-process: start → first response': median(80),
          'CLI: spawn → first response': median(2100),
        },
      },
    ],
    ['each further operation', { size: size({ perOperation: limitOf('each further operation') + 1 }) }],
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
    [
      'file helpers upload',
      { filesThroughput: filesThroughput({ upload: limitOf('file helpers upload') - 0.01 }) },
    ],
    [
      'file helpers download',
      { filesThroughput: filesThroughput({ download: limitOf('file helpers download') - 0.01 }) },
    ],
    [
      'uploadFile client RSS growth',
      { filesMemory: { upload: { growth: limitOf('uploadFile client RSS') + 1 } } },
    ],
  ])('flags a breached %s budget and only that one', (prefix, overrides) => {
    const breached = checkBudgets(run(overrides)).filter((b) => !b.ok);
    expect(breached.map((b) => b.name.slice(0, prefix.length))).toEqual([prefix]);
  });

  it('holds a per-call budget at its limit: the client as fast as the official SDK passes', () => {
    const held = checkBudgets(run({ perCall: perCall({ sequential: 1, inFlight: 1 }) })).filter((b) =>
      b.name.startsWith('client per call ≤ 1.0 × the official SDK'),
    );
    expect(held.map((b) => b.ok)).toEqual([true, true]);
  });

  it('holds a floor at its limit: a throughput ratio equal to it passes', () => {
    const floor = limitOf('drive emulator upload');
    const budget = checkBudgets(run({ emulatorThroughput: emulatorThroughput({ upload: floor }) })).find(
      (b) => b.name.startsWith('drive emulator upload'),
    );
    expect(budget).toMatchObject({ ok: true, atLeast: true });
  });

  it("bounds uploadFile's RSS growth by the client's own defaults: (concurrency + 1) × partSize + 64 MiB", () => {
    expect(limitOf('uploadFile client RSS growth')).toBe(
      ((DEFAULT_CONCURRENCY + 1) * DEFAULT_PART_SIZE) / MiB + 64,
    );
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
