// The client README's runtime table, between `<!-- runtime-matrix -->` and `<!-- /runtime-matrix -->`,
// rendered from the matrix's results.json.

/**
 * `transport`: the client's DEFAULT_TRANSPORT as the program reported it on that runtime (which build its
 * export conditions resolved).
 * @typedef {Record<string, { version: string, transport?: string, checks: Record<string, boolean> }>} Results
 */

export const CHECKS = {
  client: 'client: create + read back, typed 400, network error, timeout (sent once), abort',
  files: 'uploadFile (multipart, of a stream) + downloadFile: same SHA-256',
  paginate: 'paginate: a folder longer than a page',
  wait: 'waitForTask: async folder copy',
  'mock stateful': 'mock (stateful) answers the official SDK',
  'mock prism': 'mock (prism) answers the official SDK',
};

/** `readme` with the table between the markers replaced by one rendered from `results`. */
export function renderTable(readme, results) {
  const start = '<!-- runtime-matrix -->';
  const end = '<!-- /runtime-matrix -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the README has no ${start} … ${end} section`);
  const mark = (ok) => (ok === undefined ? '–' : ok ? '✓' : '✗ fails');
  const rows = Object.entries(results).map(
    ([runtime, { version, transport, checks }]) =>
      `| ${runtime} | ${version} | ${transport ? `\`${transport}\`` : '–'} | ${Object.keys(CHECKS)
        .map((check) => mark(checks[check]))
        .join(' | ')} |`,
  );
  const table = [
    `| runtime | version | transport | ${Object.values(CHECKS).join(' | ')} |`,
    `| --- | --- | --- | ${Object.keys(CHECKS)
      .map(() => '---')
      .join(' | ')} |`,
    ...rows,
  ].join('\n');
  return `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`;
}
