// The README's Prefer table lists exactly the examples the shipped spec has.
import { readFileSync } from 'node:fs';
import { listExamples } from '@dingtalk-storage/mock';
import { expect, it } from 'vitest';

it('documents every Prefer example', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const documented = [
    ...readme.matchAll(/^\| `(\w+)` \| (\d{3}) \| `([^`]+)` \| `Prefer: code=\2, example=\3` \|/gm),
  ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  expect(documented).toEqual(listExamples().map((e) => `${e.operationId} ${e.status} ${e.example}`));
});
