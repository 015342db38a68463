// pnpm demo tells the story it promises and exits on its own.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('signs in, creates a space, gets the same one back, survives an expired token, shows an error, exits 0', async () => {
  const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url));
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [demo], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout),
    );
  });
  expect(output).toMatch(
    /1\. signed in \(token requests: 1\), created space (\d+) "Contracts" \(APP, quota 1073741824 bytes\)/,
  );
  const id = /created space (\d+)/.exec(output)?.[1];
  expect(output).toContain(`2. same scene/sceneId again -> space ${id}: the same space (idempotent)`);
  expect(output).toContain(
    `3. the mock expired the token; getSpace refreshed it (token requests: 2) and got space ${id}`,
  );
  expect(output).toMatch(
    /4\. over-long name -> StorageApiError HTTP 400 paramError\.name: option\.name must NOT have more than 255 characters/,
  );
  expect(output).not.toContain('demo-secret');
}, 40_000);
