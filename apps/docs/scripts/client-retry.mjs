// The client's retry policy, loaded from its source (`packages/client/src/retry.ts`, compiled here by
// esbuild) rather than copied: the guide's error table asks the very function the client asks whether an
// answer is worth another attempt, so the two cannot drift.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('@dingtalk-storage/client/package.json')), 'src/retry.ts');

const { outputFiles } = await build({
  entryPoints: [source],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
const code = outputFiles?.[0]?.text;
if (!code) throw new Error(`esbuild produced nothing for ${source}`);

const retry = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

export const { isRetryableResponse, DEFAULT_RETRY } = retry;
