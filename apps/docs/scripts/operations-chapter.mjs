// The guide's list of operations, built from the spec: each with its request and its client method.
import { resolveSchema, specOperations } from '@dingtalk-storage/spec/operations';

export function operationsChapter(spec) {
  const rows = specOperations(spec).map((op) => {
    const params = op.parameters.filter((p) => p.in === 'path' || p.in === 'query').map((p) => p.name);
    const bodyNames = Object.keys(resolveSchema(spec, op.requestBody?.schema)?.properties ?? {});
    return `| \`${op.operationId}\` | ${op.summary} | \`${op.method} ${op.path}\` | \`storage.${op.operationId}({ ${[...params, ...bodyNames].join(', ')} })\` |`;
  });
  return {
    id: 'operations',
    markdown: `# Operations\n\nEvery operation of the spec, each a method of the client (\`@dingtalk-storage/client\`) and an answer of the mock. The API reference shows each with a TypeScript sample.\n\n| operation | what it does | request | client method |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
  };
}
