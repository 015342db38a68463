// The spec as the types are generated from it: answers closed (see closeAnswers).
import { deref, specOperations } from '@dingtalk-storage/spec/operations';

/**
 * The document with `additionalProperties: true` dropped from the object schemas only answers use.
 * The spec keeps answers open, so that validators, Prism and the contract suite accept a field DingTalk
 * adds later; openapi-typescript would make that an index signature (`[key: string]: unknown`), under which
 * a misspelt field (`space.ownerTpye`) compiles as `unknown`. Without it the types list the documented
 * fields only; a field added later is still there at run time, untyped. A schema that a request or a
 * parameter uses too keeps its index signature: there it says what callers may send.
 */
export function closeAnswers(document) {
  const operations = specOperations(document);
  const answered = reachableSchemas(
    document,
    operations.flatMap((op) => [...op.responses.values()].map((response) => response.schema)),
  );
  const sent = reachableSchemas(
    document,
    operations.flatMap((op) => [...op.parameters.map((p) => p.schema), op.requestBody?.schema]),
  );
  for (const schema of answered) {
    const hasFields = Object.keys(schema.properties ?? {}).length > 0;
    if (!sent.has(schema) && hasFields && schema.additionalProperties === true) {
      delete schema.additionalProperties;
    }
  }
  return document;
}

/** Every schema object reachable from `roots` (subschemas at any depth, `$ref`s followed). */
function reachableSchemas(document, roots) {
  const seen = new Set();
  const visit = (node) => {
    const schema = deref(document, node);
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    if (!Array.isArray(schema)) seen.add(schema);
    for (const child of Object.values(schema)) visit(child);
  };
  roots.forEach(visit);
  return seen;
}
