// The guide's list of operations, built from the spec and grouped as the API reference groups them: one
// section per tag, in the spec's tag order, with the tag's description, then one row per operation: its
// method, its path, its summary linked to the operation in the reference, and its client method. An operation
// is listed once, under its first tag (Redoc lists one with several tags under each).
import { deref, specOperations } from '@dingtalk-storage/spec/operations';

/**
 * The spec's tags in their order, each with its operations in the document's order. Throws naming the operation
 * when one has no tag or a tag the spec does not declare (Redoc would show it outside every group), and
 * naming the tag when one has no description or no operation (an empty group).
 */
export function operationsByTag(spec) {
  const groups = (spec.tags ?? []).map((tag) => ({ tag, operations: [] }));
  const byName = new Map(groups.map((group) => [group.tag.name, group]));
  for (const op of inDocumentOrder(spec)) {
    const [first] = deref(spec, spec.paths[op.path])[op.method.toLowerCase()].tags ?? [];
    if (first === undefined)
      throw new Error(`spec: ${op.operationId} has no tag: the docs group operations by tag`);
    const group = byName.get(first);
    if (!group)
      throw new Error(
        `spec: ${op.operationId} has the tag "${first}", which the spec's \`tags\` do not declare`,
      );
    group.operations.push(op);
  }
  const undescribed = groups.filter(({ tag }) => !tag.description?.trim()).map(({ tag }) => tag.name);
  if (undescribed.length) {
    throw new Error(
      `spec: the tag(s) ${undescribed.map((name) => `"${name}"`).join(', ')} have no description: the guide and the reference show one per tag`,
    );
  }
  const empty = groups.filter((group) => group.operations.length === 0).map((group) => group.tag.name);
  if (empty.length)
    throw new Error(`spec: no operation has the tag(s) ${empty.map((name) => `"${name}"`).join(', ')}`);
  return groups;
}

/**
 * The operations in the order the document writes them, methods included, as Redoc lists them (the spec
 * module lists a path's methods in a fixed order: GET, PUT, POST…).
 */
function inDocumentOrder(spec) {
  const written = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(deref(spec, item)).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const rank = (op) => written.indexOf(`${op.method} ${op.path}`);
  return [...specOperations(spec)].sort((a, b) => rank(a) - rank(b));
}

/**
 * The reference's anchor of an operation: Redoc marks each operation's section `operation/<operationId>` as
 * well as `tag/<tag slug>/operation/<operationId>`, and the short one needs no copy of Redoc's slug rules.
 */
export const operationAnchor = (operationId) => `operation/${operationId}`;

const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function operationsChapter(spec) {
  const sections = operationsByTag(spec).map(({ tag, operations }) => {
    const rows = operations.map(
      (op) =>
        `| ${op.method} | \`${op.path}\` | [${cell(op.summary || op.operationId)}](#${operationAnchor(op.operationId)}) | \`${op.operationId}\` |`,
    );
    return `## ${tag.name}\n\n${tag.description}\n\n| method | path | what it does | client method |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
  });
  return {
    id: 'operations',
    markdown: `# Operations\n\nEvery operation of the spec, grouped by tag as in the API reference. Each is a method of the client (\`@dingtalk-storage/client\`), named by its operationId, and an answer of the mock; its summary links to the reference, which shows its fields, its answers and a TypeScript sample.\n\n${sections.join('\n')}`,
  };
}
