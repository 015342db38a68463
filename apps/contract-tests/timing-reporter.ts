// A vitest reporter that says what the suite costs per operation of the spec (issue 23: the suite must stay
// fast as the spec grows): each test's time is counted against the operation it is about, the one whose
// operationId names its describe block or starts its name (`createSpace: …`, `Prefer createSpace 200 …`);
// tests about no one operation (the stateful flows of test/flows-*.test.ts, the proxy) are counted apart.
// Printed after the run, slowest first.
import type { Reporter, TestModule } from 'vitest/node';
import { operations } from './test/spec.js';

const OTHER = '(flows and the rest)';

interface Tally {
  ms: number;
  tests: number;
}

export default class TimingReporter implements Reporter {
  private started = performance.now();

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const ids = new Set(operations.map((op) => op.operationId));
    const byOperation = new Map<string, Tally>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const names: string[] = [test.name];
        for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent)
          names.push(parent.name);
        // A flow names many operations: none of them is its cost.
        const flow = /[\\/]flows-[^\\/]*$/.test(module.moduleId);
        const operation =
          (!flow && names.flatMap((name) => name.split(/[^\w$]+/)).find((word) => ids.has(word))) || OTHER;
        const tally = byOperation.get(operation) ?? { ms: 0, tests: 0 };
        tally.ms += test.diagnostic()?.duration ?? 0;
        tally.tests += 1;
        byOperation.set(operation, tally);
      }
    }
    const rows = [...byOperation].sort(([, a], [, b]) => b.ms - a.ms);
    const width = Math.max(...rows.map(([name]) => name.length));
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const covered = rows.filter(([name]) => name !== OTHER);
    const inOperations = covered.reduce((sum, [, t]) => sum + t.ms, 0);
    console.log(
      [
        '',
        'Contract suite time per operation (sum of its tests over every target, slowest first):',
        ...rows.map(
          ([name, t]) =>
            `  ${name.padEnd(width)}  ${seconds(t.ms).padStart(9)}  ${String(t.tests).padStart(5)} tests`,
        ),
        `${covered.length} of ${ids.size} operations; ${seconds(inOperations)} in their tests ` +
          `(${covered.length ? seconds(inOperations / covered.length) : '0 s'} per operation on average), ` +
          `${seconds(performance.now() - this.started)} for the whole run.`,
        '',
      ].join('\n'),
    );
  }
}
