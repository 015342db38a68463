// The guide's error-code table, built from the spec and the client: one row per code of the spec's
// `StorageErrorCode`, its HTTP status and meaning from the operations' named error examples, whether the
// client retries it from the client's own retry policy, and what to do from error-advice.mjs.
import { specOperations } from '@dingtalk-storage/spec/operations';
import { DEFAULT_RETRY, isRetryableResponse } from './client-retry.mjs';
import { ADVICE_RULES, fallbackAdvice } from './error-advice.mjs';

/** Every known code with the statuses it is answered with and what it means. */
export function errorCodes(spec) {
  const known = spec.components?.schemas?.StorageErrorCode?.enum;
  if (!Array.isArray(known)) throw new Error('spec: components.schemas.StorageErrorCode has no enum');
  const seen = new Map(known.map((code) => [code, { statuses: new Set(), meanings: [] }]));
  for (const op of specOperations(spec)) {
    for (const [status, { examples }] of op.responses) {
      if (status < 400) continue;
      for (const { summary, value } of Object.values(examples)) {
        const entry = seen.get(value?.code);
        if (!entry) continue;
        entry.statuses.add(status);
        if (summary) entry.meanings.push(summary);
      }
    }
  }
  const unused = ADVICE_RULES.filter(({ pattern }) => !known.some((code) => pattern.test(code)));
  if (unused.length) {
    throw new Error(
      `error-advice.mjs: no code of the spec matches ${unused.map((r) => r.pattern).join(', ')}: remove the rule`,
    );
  }
  return known
    .map((code, order) => {
      const { statuses, meanings } = seen.get(code);
      const sorted = [...statuses].sort((a, b) => a - b);
      const retried = sorted.map((status) => isRetryableResponse(status, code));
      const advice =
        ADVICE_RULES.find(({ pattern }) => pattern.test(code))?.advice ??
        fallbackAdvice(sorted[0] ?? 0, retried[0] ?? false);
      // The most common summary: a shared response (403, 500, 503) repeats the same one per operation.
      const meaning = mostCommon(meanings) ?? '';
      return { code, statuses: sorted, retried, meaning, advice, order };
    })
    .sort((a, b) => (a.statuses[0] ?? 999) - (b.statuses[0] ?? 999) || a.order - b.order)
    .map(({ order, ...row }) => row);
}

function mostCommon(values) {
  const counts = new Map();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function retriedCell({ statuses, retried }) {
  if (!statuses.length) return '–';
  if (retried.every((r) => r === retried[0])) return retried[0] ? 'yes' : 'no';
  return statuses.map((status, i) => `${status}: ${retried[i] ? 'yes' : 'no'}`).join(', ');
}

export function errorCodesChapter(spec) {
  const operations = specOperations(spec);
  const unsafe = operations.filter((op) => op.method !== 'GET' && !op.idempotent).map((op) => op.operationId);
  const scope = unsafe.length
    ? `every operation but ${unsafe.map((id) => `\`${id}\``).join(', ')} (a POST not marked \`x-idempotent\`: another attempt could repeat its effect, so it is never retried)`
    : 'every operation (each is a GET or a POST marked `x-idempotent`)';
  const rows = errorCodes(spec).map(
    (row) =>
      `| \`${row.code}\` | ${row.statuses.join(', ') || '–'} | ${cell(row.meaning)} | ${retriedCell(row)} | ${cell(row.advice)} |`,
  );
  return {
    id: 'errors',
    markdown: `# Error codes

Every error DingTalk answers is \`{ code, message, requestid }\` with an HTTP status; the client throws it as a
\`StorageApiError\` with \`status\`, \`code\`, \`requestId\` and \`retryable\`. These are the codes the spec
knows (servers may add others). "Retried" is the client's own retry policy: it makes up to
${DEFAULT_RETRY.maxAttempts} attempts in all (\`retry.maxAttempts\`), backing off between them, for ${scope}.

| code | HTTP status | meaning | retried | what to do |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`,
  };
}
