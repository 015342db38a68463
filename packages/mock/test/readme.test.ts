// The README's Prefer tables list exactly the examples the shipped spec has: the shared answers every
// operation has once, then each operation's own.
import { readFileSync } from 'node:fs';
import { listExamples } from '@dingtalk-storage/mock';
import { expect, it } from 'vitest';

it('documents every Prefer example', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const shared = [...readme.matchAll(/^\| (\d{3}) \| `([^`]+)` \| [^|]* \|$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  const own = new Map(
    [...readme.matchAll(/^\| `(\w+)` \| ((?:\d{3} `[^`]+`(?:, )?)*) \|$/gm)].map((m) => [
      m[1],
      [...(m[2] ?? '').matchAll(/(\d{3}) `([^`]+)`/g)].map((e) => `${e[1]} ${e[2]}`),
    ]),
  );
  const examples = listExamples();
  const operations = [...new Set(examples.map((e) => e.operationId))];
  expect([...own.keys()]).toEqual(operations);
  expect(shared.length).toBeGreaterThan(0);
  for (const operationId of operations) {
    const documented = [...shared, ...(own.get(operationId) ?? [])].sort();
    const actual = examples
      .filter((e) => e.operationId === operationId)
      .map((e) => `${e.status} ${e.example}`);
    expect(documented, operationId).toEqual(actual.sort());
  }
});
