// Another process's memory, from Linux's /proc/<pid>/status: its resident set (VmRSS) and its peak (VmHWM),
// which `clear_refs` resets to the present RSS, so that a peak is the peak of one stretch of work.
import { readFileSync, writeFileSync } from 'node:fs';
import { now } from './stats.mjs';

const MiB = 2 ** 20;

/** VmRSS and VmHWM of a /proc/<pid>/status text, in MiB. */
export function parseStatus(text) {
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`bench: /proc/<pid>/status has no ${name} line`);
    return (Number(match[1]) * 1024) / MiB;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

export function readMemory(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    throw new Error(
      `bench: cannot read the memory of process ${pid} (Linux's /proc is needed): ${error.message}`,
    );
  }
  return parseStatus(text);
}

/** Resets the process's VmHWM to its present RSS (Linux 4.0+); false where that is not allowed. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads VmRSS every `intervalMs` until stopped; `stop()` answers the highest reading and how many there were.
 * With a reset peak, VmHWM catches what falls between two readings.
 */
export function sampleMemory(pid, intervalMs) {
  let peak = readMemory(pid).rss;
  let samples = 1;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, readMemory(pid).rss);
      samples++;
    } catch {
      // The process ended; its caller finds out.
    }
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak, samples };
    },
  };
}

/** How often RSS is read; VmHWM (reset before each stretch) catches a peak between two readings. */
export const SAMPLE_MS = 10;

/** Peak RSS (MiB) of `pid` while `work` runs, the readings and the work's seconds. */
export async function peakDuring(pid, work) {
  const hwmReset = resetPeak(pid);
  const sampler = sampleMemory(pid, SAMPLE_MS);
  const start = now();
  let result;
  try {
    result = await work();
  } catch (error) {
    sampler.stop();
    throw error;
  }
  const { peak, samples } = sampler.stop();
  const seconds = (now() - start) / 1000;
  const { hwm } = readMemory(pid);
  return { peak: hwmReset ? Math.max(hwm, peak) : peak, samples, hwmReset, seconds, result };
}
