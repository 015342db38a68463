// Generates src/generated/openapi.ts from the bundled spec with openapi-typescript.
// `--check` generates into a temp file instead and fails, printing the fixing command, when the committed
// file differs: the drift check. Both modes share the options below, so they cannot disagree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const spec = join(packageDir, '../../spec/dist/openapi.json');
const committed = join(packageDir, 'src/generated/openapi.ts');
const check = process.argv.includes('--check');

// Fields with a `default` stay optional: the server fills them in, callers may omit them.
const options = ['--default-non-nullable', 'false'];

const output = check ? join(mkdtempSync(join(tmpdir(), 'dingtalk-types-')), 'openapi.ts') : committed;
execFileSync('openapi-typescript', [spec, '--output', output, ...options], {
  cwd: packageDir,
  stdio: check ? 'pipe' : 'inherit',
});

if (check) {
  const fresh = readFileSync(output, 'utf8');
  rmSync(dirname(output), { recursive: true, force: true });
  if (fresh !== readFileSync(committed, 'utf8')) {
    console.error(
      'packages/types/src/generated/openapi.ts is out of date with spec/openapi.yaml.\n' +
        'Fix: run `pnpm generate` at the repository root, then commit the result.',
    );
    process.exit(1);
  }
  console.log('packages/types/src/generated/openapi.ts matches spec/openapi.yaml.');
}
