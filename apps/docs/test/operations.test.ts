// The operations chapter groups by the spec's tags, and a spec it cannot group that way is refused with the
// operation or tag named (Redoc would show such an operation outside every group, an empty group, or a
// group that says nothing about itself). What
// the chapter shows, and that its links land in the reference, the browser test checks.
import { expect, it } from 'vitest';
import { operationsByTag } from '../scripts/operations-chapter.mjs';

const answer = { '200': { description: 'OK' } };
/** A spec with these tags and, per path, one GET with these tags. */
function specWith(tags: string[], operations: Record<string, string[] | undefined>) {
  return {
    openapi: '3.1.0',
    tags: tags.map((name) => ({ name, description: `About ${name}.` })),
    paths: Object.fromEntries(
      Object.entries(operations).map(([operationId, opTags]) => [
        `/${operationId}`,
        { get: { operationId, summary: operationId, tags: opTags, responses: answer } },
      ]),
    ),
  };
}

it('groups operations under their first tag, in the order of the spec’s tags', () => {
  const groups = operationsByTag(specWith(['B', 'A'], { one: ['A'], two: ['B', 'A'], three: ['A'] }));
  expect(groups.map(({ tag, operations }) => [tag.name, operations.map((op) => op.operationId)])).toEqual([
    ['B', ['two']],
    ['A', ['one', 'three']],
  ]);
});

it("keeps the document's order of a path's methods, as the reference does", () => {
  const op = (operationId: string) => ({ operationId, tags: ['A'], responses: answer });
  const spec = {
    ...specWith(['A'], {}),
    paths: { '/a': { post: op('addA'), put: op('setA'), get: op('getA') } },
  };
  expect(operationsByTag(spec)[0]?.operations.map((o) => o.operationId)).toEqual(['addA', 'setA', 'getA']);
});

it.each([
  ['an operation without tags', specWith(['A'], { one: ['A'], two: undefined }), 'spec: two has no tag'],
  [
    'an operation whose tag is not declared',
    specWith(['A'], { one: ['A'], two: ['Typo'] }),
    'spec: two has the tag "Typo", which the spec\'s `tags` do not declare',
  ],
  [
    'a tag without a description',
    { ...specWith(['A'], { one: ['A'] }), tags: [{ name: 'A', description: ' ' }] },
    'spec: the tag(s) "A" have no description',
  ],
  [
    'a tag without operations',
    specWith(['A', 'Empty'], { one: ['A'] }),
    'no operation has the tag(s) "Empty"',
  ],
])('refuses %s, naming it', (_case, spec, message) => {
  expect(() => operationsByTag(spec)).toThrow(message);
});
