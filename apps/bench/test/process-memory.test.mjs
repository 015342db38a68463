// Another process's memory as the emulator memory benchmark reads it: /proc/<pid>/status on Linux.
import { describe, expect, it } from 'vitest';
import { parseStatus, readMemory } from '../src/process-memory.mjs';

const status = ['Name:\tnode', 'VmPeak:\t 1000000 kB', 'VmHWM:\t   81920 kB', 'VmRSS:\t   61440 kB', ''].join(
  '\n',
);

describe('process memory', () => {
  it('reads VmRSS and VmHWM in MiB', () => {
    expect(parseStatus(status)).toEqual({ rss: 60, hwm: 80 });
  });

  it('names the line it misses', () => {
    expect(() => parseStatus(status.replace(/^VmHWM.*$/m, ''))).toThrow(/no VmHWM line/);
  });

  it("reads a live process's memory: this one's", () => {
    const { rss, hwm } = readMemory(process.pid);
    expect(rss).toBeGreaterThan(1);
    expect(hwm).toBeGreaterThanOrEqual(rss);
  });

  it('says which process it could not read', () => {
    expect(() => readMemory(2 ** 22 + 1)).toThrow(/cannot read the memory of process 4194305/);
  });
});
