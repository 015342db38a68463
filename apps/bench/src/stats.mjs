// Timing helpers: run contestants interleaved (A B C, B C A, …) so drift hits all alike; summarize.
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

/**
 * Runs `rounds` rounds; in each, every contestant's `measure()` once, in a rotated order.
 * @param {Record<string, () => Promise<number>>} contestants each returns one sample
 * @returns {Promise<Record<string, ReturnType<typeof summarize>>>}
 */
export async function interleave(contestants, rounds) {
  const names = Object.keys(contestants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      samples[name].push(await contestants[name]());
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n])]));
}

export const fmt = (value, digits = 1) => (value === undefined ? '–' : value.toFixed(digits));
