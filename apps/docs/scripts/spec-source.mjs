// Which spec the docs are built from: the file named by DOCS_SPEC (a bundled OpenAPI JSON document, such as
// `redocly bundle` writes; a relative path is taken from the current directory), else the repository's own
// bundle, `spec/dist/openapi.json`. The build and the tests read it through here, so a test checks the page
// against the spec that page was built from.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export const SPEC_ENV = 'DOCS_SPEC';
const require = createRequire(import.meta.url);

/** The absolute path of the spec to build from. */
export function specPath() {
  const given = process.env[SPEC_ENV];
  if (given === undefined || given === '') return require.resolve('@dingtalk-storage/spec/openapi.json');
  return resolve(given);
}

/** The spec to build from, parsed; a clear error when the file is missing or not an OpenAPI JSON document. */
export function loadSpec() {
  const path = specPath();
  const from = process.env[SPEC_ENV] ? `${SPEC_ENV}=${process.env[SPEC_ENV]}` : 'the repository';
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`docs: cannot read the spec ${path} (from ${from}): ${error.message}`);
  }
  let spec;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `docs: the spec ${path} (from ${from}) is not JSON (${error.message}): give the bundled JSON, e.g. \`redocly bundle openapi.yaml --output openapi.json\``,
    );
  }
  if (typeof spec?.openapi !== 'string' || typeof spec.paths !== 'object' || spec.paths === null) {
    throw new Error(
      `docs: the spec ${path} (from ${from}) has no \`openapi\` version or no \`paths\` object`,
    );
  }
  return { path, spec };
}
