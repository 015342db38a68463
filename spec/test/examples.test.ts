// Every named example of every operation validates against its schema, checked by ajv rather than Redocly;
// the operations are read through the spec package's own module, so `$ref`s into components are followed.
import { describe, expect, it } from 'vitest';
import { exampleRequest, specOperation, specOperations } from '../src/operations.mjs';
import { createValidator, type Json, loadSpec } from './load-spec.js';

const spec = loadSpec();
const validatorFor = createValidator(spec);
const operations = specOperations(spec);

type Case = { where: string; name: string; schema: Json; value: Json };

const cases: Case[] = operations.flatMap((op) => [
  ...Object.entries(op.requestBody?.examples ?? {}).map(([name, example]) => ({
    where: `${op.operationId} request`,
    name,
    schema: op.requestBody?.schema,
    value: example.value,
  })),
  ...[...op.responses].flatMap(([status, response]) =>
    Object.entries(response.examples).map(([name, example]) => ({
      where: `${op.operationId} response ${status}`,
      name,
      schema: response.schema,
      value: example.value,
    })),
  ),
  ...op.parameters.map((p) => ({
    where: `${op.operationId} parameter ${p.name}`,
    name: 'example',
    schema: p.schema,
    // As exampleRequest reads it: `example`, a named example, or the content's (a JSON parameter's).
    value: { ...exampleRequest(op).pathParams, ...exampleRequest(op).query }[p.name] ?? p.example,
  })),
]);

describe('named examples', () => {
  it('cover, for every operation, the request body, every response status and every parameter', () => {
    const expected = operations.flatMap((op) => [
      ...(op.requestBody ? [`${op.operationId} request`] : []),
      ...[...op.responses.keys()].map((status) => `${op.operationId} response ${status}`),
      ...op.parameters.map((p) => `${op.operationId} parameter ${p.name}`),
    ]);
    expect(new Set(cases.map((c) => c.where))).toEqual(new Set(expected));
  });

  it.each(cases.map((c) => [`${c.where}: ${c.name}`, c] as const))(
    '%s validates against its schema',
    (_, c) => {
      const validate = validatorFor(c.schema);
      expect(validate(c.value), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it.each(cases.filter((c) => / response [45]/.test(c.where)))(
    'error example $where $name carries the code it is named after',
    (c) => {
      expect(c.value.code).toBe(c.name);
    },
  );

  it('give every operation a complete example request (every required parameter has an example)', () => {
    for (const op of operations) {
      const { path, query } = exampleRequest(op);
      expect(path, op.operationId).not.toMatch(/\{/);
      const requiredQuery = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
      expect(Object.keys(query), op.operationId).toEqual(expect.arrayContaining(requiredQuery));
    }
  });

  it('rejects a broken 200 example (the check can fail)', () => {
    const response = specOperation(spec, 'createSpace').responses.get(200);
    const example = structuredClone(response?.examples.appSpace?.value) as Json;
    example.space.partitions[0].quota.type = 'GROUP';
    const validate = validatorFor(response?.schema);
    expect(validate(example)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/space/partitions/0/quota/type');
  });

  it('rejects an unknown request field (requests are strict)', () => {
    const validate = validatorFor(specOperation(spec, 'createSpace').requestBody?.schema);
    expect(validate({ option: { nmae: 'typo' } })).toBe(false);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: accepts unknown fields in its 2xx answer (responses are open)',
    (_, op) => {
      const [, success] = [...op.responses].find(([status]) => status < 300) ?? [];
      const validate = validatorFor(success?.schema);
      expect(
        validate({ ...(Object.values(success?.examples ?? {})[0]?.value as object), addedLater: 1 }),
      ).toBe(true);
    },
  );
});
