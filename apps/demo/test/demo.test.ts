// pnpm demo tells the story it promises and exits on its own.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('creates a space, gets the same one back, shows a documented error, and exits 0', async () => {
  const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url));
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [demo], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout),
    );
  });
  expect(output).toMatch(/1\. created space (\d+) "Contracts" \(APP, quota 1073741824 bytes\)/);
  const id = /created space (\d+)/.exec(output)?.[1];
  expect(output).toContain(`2. same scene/sceneId again -> space ${id}: the same space (idempotent)`);
  expect(output).toMatch(
    /3\. over-long name -> StorageApiError HTTP 400 paramError\.name: option\.name must NOT have more than 255 characters/,
  );
}, 40_000);
