// Generates src/generated/admin-api.ts, the types of the admin API, from admin-openapi.yaml with
// openapi-typescript: the JS handle (`mock.requests`, `mock.inject`), `connectMock` and the admin API share
// them. `--check` generates into a temp folder instead and fails, printing the fixing command, when the
// committed file differs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(packageDir, 'src/generated/admin-api.ts');
const check = process.argv.includes('--check');
const outDir = check ? mkdtempSync(join(tmpdir(), 'dingtalk-mock-admin-')) : dirname(committed);
const output = join(outDir, 'admin-api.ts');

execFileSync(
  'openapi-typescript',
  [
    'admin-openapi.yaml',
    '--output',
    output,
    '--default-non-nullable',
    'false',
    '--root-types',
    '--root-types-no-schema-prefix',
  ],
  { cwd: packageDir, stdio: check ? 'pipe' : 'inherit' },
);

if (check) {
  const stale = readFileSync(output, 'utf8') !== readFileSync(committed, 'utf8');
  rmSync(outDir, { recursive: true, force: true });
  if (stale) {
    console.error(
      'packages/mock/src/generated/admin-api.ts is out of date with packages/mock/admin-openapi.yaml.\n' +
        'Fix: run `pnpm generate` at the repository root, then commit the result.',
    );
    process.exit(1);
  }
  console.log('packages/mock/src/generated matches admin-openapi.yaml.');
}
