// The id of every object DingTalk returns is required, so the types give it as `string` (not
// `string | undefined`) and a contract run refuses an answer without it. DingTalk's documents mark no
// response field required, so each such `required` is this project's reading and its description says so.
import { describe, expect, it } from 'vitest';
import { deref, specOperation, specOperations } from '../src/operations.mjs';
import { createValidator, type Json, loadSpec } from './load-spec.js';

const spec = loadSpec();
const validatorFor = createValidator(spec);

/** Every object schema reachable from `schema` (properties and array items), with its path. */
function objectsIn(schema: Json, path: string, seen = new Set<Json>()): [string, Json][] {
  const resolved = deref(spec, schema);
  if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return [];
  seen.add(resolved);
  const here: [string, Json][] = resolved.properties ? [[path, resolved]] : [];
  const nested = Object.entries(resolved.properties ?? {}).flatMap(([name, property]) =>
    objectsIn(property, `${path}.${name}`, seen),
  );
  return [...here, ...nested, ...(resolved.items ? objectsIn(resolved.items, `${path}[]`, seen) : [])];
}

const returnedObjects = specOperations(spec).flatMap((op) =>
  [...op.responses]
    .filter(([status]) => status < 300)
    .flatMap(([status, { schema }]) => objectsIn(schema, `${op.operationId} ${status}`)),
);
const withId = returnedObjects.filter(([, schema]) => schema.properties.id);

describe('ids of returned objects', () => {
  it('are found (the walk reaches nested objects such as space)', () => {
    expect(withId.map(([path]) => path)).toEqual(
      expect.arrayContaining(['createSpace 200.space', 'getSpace 200.space']),
    );
  });

  it.each(withId)('%s: requires its id, and says it is this project’s reading', (_, schema) => {
    expect(schema.required ?? []).toContain('id');
    expect(deref(spec, schema.properties.id).description).toMatch(/this project's reading/);
  });

  it('refuses a 200 answer whose space has no id', () => {
    const response = specOperation(spec, 'createSpace').responses.get(200) as Json;
    const { id: _, ...space } = response.examples.appSpace.value.space;
    const validate = validatorFor(response.schema);
    expect(validate({ space })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/space', params: { missingProperty: 'id' } });
  });
});
