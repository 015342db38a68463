// The generator of the methods' types (src/generated/methods.ts) on specs it must refuse or escape: each
// refusal names the operations and what to do; the spec's text cannot break out of a doc comment.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { spec } from './fixtures.js';

// The generator is plain JavaScript; imported by URL, it is typed here by what the test uses.
const { generateMethods } = (await import(new URL('../scripts/generate.mjs', import.meta.url).href)) as {
  generateMethods: (document: unknown) => string;
};

/** The spec with getSpace's operationId and summary replaced. */
function withGetSpace(operationId: string, summary = 'Get a storage space') {
  const copy = structuredClone(spec);
  Object.assign(copy.paths['/v1.0/storage/spaces/{spaceId}'].get, { operationId, summary });
  return copy;
}

describe('generateMethods', () => {
  it('keeps a `*/` in a summary inside the doc comment', () => {
    const code = generateMethods(withGetSpace('getSpace', 'Get a space */ export const injected = 1; /*'));
    const { diagnostics = [], outputText } = ts.transpileModule(code, { reportDiagnostics: true });
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    expect(outputText).not.toMatch(/injected = 1/);
    expect(code).toContain('Get a space *\\/ export const injected = 1; /*');
  });

  it('refuses two operationIds that would give the same type names, naming both', () => {
    expect(() => generateMethods(withGetSpace('CreateSpace'))).toThrow(
      'Cannot generate the client methods for createSpace and CreateSpace: both would name their types CreateSpaceInput and CreateSpaceOutput; rename one.',
    );
  });

  it('refuses an operationId that is not a JavaScript identifier, naming it', () => {
    expect(() => generateMethods(withGetSpace('get-space'))).toThrow(
      'Cannot generate the client method for get-space (GET /v1.0/storage/spaces/{spaceId}): its operationId is not a JavaScript identifier; rename it.',
    );
  });
});
