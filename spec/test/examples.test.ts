// Every named example in the spec validates against its schema, checked by ajv rather than Redocly.
import { describe, expect, it } from 'vitest';
import { createValidator, type Json, loadSpec, operation } from './load-spec.js';

const spec = loadSpec();
const validatorFor = createValidator(spec);
const op = operation(spec);

type Case = { where: string; name: string; schema: Json; value: Json };

function mediaExamples(where: string, content: Json): Case[] {
  const media = content['application/json'];
  return Object.entries(media.examples as Record<string, Json>).map(([name, example]) => ({
    where,
    name,
    schema: media.schema,
    value: example.value,
  }));
}

const cases: Case[] = [
  ...mediaExamples('request', op.requestBody.content),
  ...Object.entries(op.responses as Record<string, Json>).flatMap(([status, response]) =>
    mediaExamples(`response ${status}`, response.content),
  ),
  ...op.parameters.map((p: Json) => ({
    where: `parameter ${p.name}`,
    name: 'example',
    schema: p.schema,
    value: p.example,
  })),
];

describe('named examples', () => {
  it('covers the request, every response status and every parameter', () => {
    expect(new Set(cases.map((c) => c.where))).toEqual(
      new Set([
        'request',
        'response 200',
        'response 400',
        'response 403',
        'response 500',
        'response 503',
        'parameter unionId',
      ]),
    );
  });

  it.each(cases.map((c) => [`${c.where}: ${c.name}`, c] as const))(
    '%s validates against its schema',
    (_, c) => {
      const validate = validatorFor(c.schema);
      expect(validate(c.value), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it.each(cases.filter((c) => c.where.startsWith('response 4') || c.where.startsWith('response 5')))(
    'error example $name carries the code it is named after',
    (c) => {
      expect(c.value.code).toBe(c.name);
    },
  );

  it('rejects a broken 200 example (the check can fail)', () => {
    const example = structuredClone(op.responses['200'].content['application/json'].examples.appSpace.value);
    example.space.partitions[0].quota.type = 'GROUP';
    const validate = validatorFor(op.responses['200'].content['application/json'].schema);
    expect(validate(example)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/space/partitions/0/quota/type');
  });

  it('rejects an unknown request field (requests are strict)', () => {
    const validate = validatorFor(op.requestBody.content['application/json'].schema);
    expect(validate({ option: { nmae: 'typo' } })).toBe(false);
  });

  it('accepts unknown response fields (responses are open)', () => {
    const validate = validatorFor(op.responses['200'].content['application/json'].schema);
    expect(validate({ space: { id: '1', addedLater: true }, alsoNew: 1 })).toBe(true);
  });
});
