// The README's Prefer tables list exactly the examples the shipped spec has: the shared answers every
// operation has once, then each operation's own; its drive emulator example runs as written.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listExamples } from '@dingtalk-storage/mock';
import ts from 'typescript';
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

it('runs the drive emulator example as written: the bytes PUT come back', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.indexOf('## The drive emulator (stateful mode)');
  const start = readme.indexOf('```ts\n', section) + '```ts\n'.length;
  const example = readme.slice(start, readme.indexOf('```', start));
  expect(section).toBeGreaterThan(0);
  expect(example).toContain("body: 'hello'");
  // Types stripped as the user's compiler would; run in this package, so the import resolves to its build.
  const { outputText } = ts.transpileModule(example, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', outputText], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    // A deadline that only catches a hang.
    timeout: 60_000,
  });
  expect(printed.trim()).toBe('hello');
});
