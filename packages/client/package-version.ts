// The package's version, for the default User-Agent; tsdown and vitest define it from package.json.
import { readFileSync } from 'node:fs';

export const packageVersion: string = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
).version;
