// The assertions of the release dry-run, as pure functions over what it found: each returns a list of
// problems (empty when all is well), so each rule is tested on its own.

/** What each published package may ship, beyond package.json, README.md and CHANGELOG.md. */
export const ALLOWED_FILES = {
  '@dingtalk-storage/spec': [
    /^openapi\.yaml$/,
    /^dist\/openapi\.(json|yaml)$/,
    /^src\/operations\.(mjs|d\.mts)$/,
  ],
  '@dingtalk-storage/types': [/^dist\/index\.d\.(mts|cts)$/],
  '@dingtalk-storage/client': [/^dist\/index\.(js|cjs|d\.ts|d\.cts)$/],
  '@dingtalk-storage/mock': [
    /^bin\/dingtalk-storage-mock\.mjs$/,
    /^dist\/[\w-]+\.(mjs|cjs|d\.mts|d\.cts)$/,
    /^dist\/openapi\.json$/,
    /^admin-openapi\.yaml$/,
  ],
};
const ALWAYS_ALLOWED = [/^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/];
const NEVER = [/(^|\/)tests?\//, /\.test(-d)?\.[cm]?[jt]s$/, /(^|\/)\.env/, /\.map$/, /\.tsbuildinfo$/];
export const TARBALL_BUDGET_BYTES = 100 * 1024;

/** @param {{ name: string, version: string }[]} packages after `changeset version` @param {string} before */
export function checkVersions(packages, before) {
  const problems = [];
  const versions = new Set(packages.map((p) => p.version));
  if (versions.size !== 1) {
    problems.push(
      `packages do not share one version: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}`,
    );
  }
  for (const p of packages) {
    if (p.version === before) problems.push(`${p.name} was left out of the version bump (still ${before})`);
  }
  return problems;
}

/**
 * Every package has a CHANGELOG entry for the new version; the changed one also describes the change.
 * @param {{ name: string, version: string, changelog: string | undefined }[]} packages
 * @param {{ name: string, summary: string }} changed
 */
export function checkChangelogs(packages, changed) {
  return packages.flatMap(({ name, version, changelog }) => {
    if (changelog === undefined) return [`${name} has no CHANGELOG.md`];
    if (!changelog.includes(`## ${version}`)) return [`${name}'s CHANGELOG.md has no "## ${version}" entry`];
    if (name === changed.name && !changelog.includes(changed.summary)) {
      return [`${name}'s CHANGELOG.md does not mention the change ("${changed.summary}")`];
    }
    return [];
  });
}

/**
 * What npm needs to publish with provenance (a `repository.url` matching the repository that built it) and
 * to link a package page to its source (`directory`, `homepage`, `bugs`; the READMEs' relative links
 * resolve against `repository`).
 */
const REQUIRED_FIELDS = [
  ['repository.url', (m) => m.repository?.url],
  ['repository.directory', (m) => m.repository?.directory],
  ['homepage', (m) => m.homepage],
  ['bugs', (m) => m.bugs?.url ?? m.bugs],
  ['license', (m) => m.license],
];

/** @param {any} manifest a published package's package.json */
export function checkPublishFields(manifest) {
  return REQUIRED_FIELDS.flatMap(([field, read]) => {
    const value = read(manifest);
    return typeof value === 'string' && value !== ''
      ? []
      : [`${manifest.name}: package.json has no ${field}`];
  });
}

/** @param {any} manifest the package.json inside a tarball */
export function checkManifest(manifest) {
  const problems = checkPublishFields(manifest);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(String(range))) {
        problems.push(`${manifest.name}: ${field}.${dep} is "${range}" in the packed package.json`);
      }
    }
  }
  return problems;
}

/** @param {string} name @param {string[]} files paths inside the tarball, without the `package/` prefix @param {number} bytes */
export function checkTarball(name, files, bytes) {
  const allowed = [...ALWAYS_ALLOWED, ...(ALLOWED_FILES[name] ?? [])];
  const problems = [];
  for (const file of files) {
    if (NEVER.some((re) => re.test(file)))
      problems.push(`${name}: packs ${file}, which must never be published`);
    else if (!allowed.some((re) => re.test(file)))
      problems.push(`${name}: packs ${file}, which is not allowlisted`);
  }
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.includes(required)) problems.push(`${name}: the tarball has no ${required}`);
  }
  if (bytes > TARBALL_BUDGET_BYTES) {
    problems.push(`${name}: the tarball is ${bytes} bytes, over the ${TARBALL_BUDGET_BYTES}-byte budget`);
  }
  return problems;
}
