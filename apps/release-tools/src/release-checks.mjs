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
  // The fetch build (index), the node build (index.node), the /files entry of each, and the chunks and
  // declarations they share (tsdown names them after a module and a hash, e.g. sleep-B6FhE3Zb.mjs).
  '@dingtalk-storage/client': [/^dist\/[\w-]+(\.node)?\.(js|mjs|cjs|d\.ts|d\.mts|d\.cts)$/],
  '@dingtalk-storage/mock': [
    /^bin\/dingtalk-storage-mock\.mjs$/,
    /^dist\/[\w-]+\.(mjs|cjs|d\.mts|d\.cts)$/,
    /^dist\/openapi\.json$/,
    /^admin-openapi\.yaml$/,
  ],
};
const ALWAYS_ALLOWED = [/^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/];
const NEVER = [/(^|\/)tests?\//, /\.test(-d)?\.[cm]?[jt]s$/, /(^|\/)\.env/, /\.map$/, /\.tsbuildinfo$/];
// Moved on purpose from 100 KB, which held 3 operations: with all 47 the spec is ~340 KB of JSON (~60 KB
// gzipped), and the mock carries it three times (its `./openapi.json` export, and built into its ESM and
// CommonJS code so that it runs in a browser under MSW): ~200 KB packed; the spec package ~125 KB (the YAML
// source and the bundled JSON and YAML). The budget still stops a tarball from growing unnoticed.
export const TARBALL_BUDGET_BYTES = 256 * 1024;

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
  return [...checkPublishFields(manifest), ...checkRanges(manifest)];
}

/** No `workspace:` or `catalog:` range survives packing. @param {any} manifest */
function checkRanges(manifest) {
  const problems = [];
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

/**
 * Every published package is in one `fixed` group of .changeset/config.json, so changesets gives them one
 * version and publishes them together.
 * @param {{ fixed?: string[][] }} config @param {string[]} names
 */
export function checkFixedGroup(config, names) {
  const group = (config.fixed ?? []).find((g) => g.includes(names[0]));
  const missing = names.filter((name) => !group?.includes(name));
  return missing.map(
    (name) =>
      `${name} is not in the fixed group of .changeset/config.json: it would be versioned and published on its own`,
  );
}

/**
 * What the registry shows for a published version: `latest` points at it, and the metadata users and npm
 * read (repository for provenance, license, types, exports) is there; no workspace: or catalog: range.
 * @param {any} view `npm view <name>@<version> --json` @param {string} version
 */
export function checkRegistryView(view, version) {
  const problems = [];
  if (view.version !== version)
    problems.push(`${view.name}: the registry has ${view.version}, not ${version}`);
  if (view['dist-tags']?.latest !== version) {
    problems.push(`${view.name}: dist-tag latest is ${view['dist-tags']?.latest}, not ${version}`);
  }
  for (const field of ['repository', 'license', 'exports']) {
    if (!view[field]) problems.push(`${view.name}: npm view shows no ${field}`);
  }
  if (!view.types && !JSON.stringify(view.exports ?? {}).includes('"types":')) {
    problems.push(
      `${view.name}: npm view shows no types (neither \`types\` nor a \`types\` condition in exports)`,
    );
  }
  return [...problems, ...checkRanges(view)];
}

/**
 * What a second `changeset publish` of the same versions says: each package skipped as already published.
 * @param {string} output what it printed @param {string[]} names
 */
export function checkRepublishRefused(output, names) {
  return names
    .filter((name) => !new RegExp(`${name.replace('/', '\\/')}[^\\n]*already published`, 'i').test(output))
    .map((name) => `a second changeset publish did not say that ${name} is already published`);
}

/**
 * The consumer written against N, after upgrading to N+1: its type errors are fine only when a changeset is
 * major (they are then the release note's "how to upgrade" list); otherwise the release breaks users.
 * @param {string[]} errors tsc's error lines @param {boolean} major
 */
export function judgeUpgrade(errors, major) {
  if (errors.length === 0) return { problems: [], howToUpgrade: [] };
  if (major) return { problems: [], howToUpgrade: errors };
  return {
    problems: [
      `a consumer written against the published version does not compile after \`npm update\`, and no changeset is major:\n  ${errors.join('\n  ')}`,
    ],
    howToUpgrade: [],
  };
}
