// RESULTS.md's drive emulator section, and a run of some parts (--only) reporting those parts alone.
import { describe, expect, it } from 'vitest';
import { checkBudgets } from '../src/budgets.mjs';
import { MiB } from '../src/bytes.mjs';
import { BARE, IN_MEMORY, ON_DISK } from '../src/emulator-throughput.mjs';
import { report } from '../src/report.mjs';
import { machine, rate } from './fixtures.mjs';

const leg = (before, peak) => ({
  before,
  peak,
  growth: peak - before,
  samples: 40,
  hwmReset: true,
  mibPerSecond: 150,
});
const emulatorRun = {
  machine,
  emulatorThroughput: {
    bytes: 100 * MiB,
    rounds: 5,
    warmUpBytes: MiB,
    fileSystem: 'ext2/ext3',
    emulatorArgs: ['--mode', 'stateful', '--port', '0', '--data-dir', 'DIR'],
    upload: { [BARE]: rate(300), [ON_DISK]: rate(150), [IN_MEMORY]: rate(270) },
    download: { [BARE]: rate(400), [ON_DISK]: rate(100), [IN_MEMORY]: rate(380) },
  },
  emulatorMemory: {
    bytes: 500 * MiB,
    partBytes: 8 * MiB,
    inFlight: 4,
    warmUpBytes: 9 * MiB,
    sampleMs: 10,
    emulatorArgs: ['--mode', 'stateful', '--port', '0', '--data-dir', 'DIR'],
    idle: 60,
    upload: leg(80, 101.25),
    download: leg(100, 103),
    after: 99,
  },
};

describe('report, drive emulator', () => {
  const only = ['emulator'];
  const markdown = report(emulatorRun, checkBudgets(emulatorRun, { only }), { check: false, only });

  it('gives each contestant its MiB/s and the ratio to the bare server, upload and download', () => {
    expect(markdown).toContain('## Drive emulator');
    expect(markdown).toMatch(/### upload of 100 MiB/);
    expect(markdown).toContain(`| ${ON_DISK} | 149.0 | 150.0 | 151.0 | 0.50× |`);
    expect(markdown).toContain(`| ${IN_MEMORY} | 379.0 | 380.0 | 381.0 | 0.95× |`);
  });

  it('gives the memory growth the budget holds, with the command and the file system', () => {
    expect(markdown).toContain('| multipart upload: **growth** (peak less RSS just before) | 21.3 |');
    expect(markdown).toContain('`dingtalk-storage-mock --mode stateful --port 0 --data-dir DIR`');
    expect(markdown).toContain('file system: ext2/ext3');
    expect(markdown).toMatch(/\| drive emulator RSS growth .* \| 21\.25 \| 64 \| ok \|/);
  });

  it('shows a breached floor', () => {
    expect(markdown).toMatch(/\| drive emulator download ≥ .* \| 0\.25 \| [\d.]+ \| \*\*BREACHED\*\* \|/);
  });

  it('with only, reports the parts run and no other', () => {
    expect(markdown).toMatch(/^# Benchmark results \(only: emulator\)/);
    expect(markdown).not.toMatch(/## (Per-call|Cold start|Size|Pipeline|Mock memory|Scaling)/);
  });
});
