// Names a request chooses are looked up as the object's own names only: `Prefer: example=toString` is an
// unknown example (400 naming the examples there are), not Object.prototype's toString, and a query
// parameter called `constructor` is a parameter like any other, journaled as text.
import { type MockServer, startMockServer } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendExample } from './spec.js';

const INHERITED = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'];

describe('prism: Prefer example=<a name every object inherits>', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'prism' });
  });
  afterAll(() => mock.close());

  it.each(INHERITED)('example=%s: 400 paramError listing the examples there are', async (name) => {
    const response = await sendExample(mock.url, 'createSpace', { prefer: `code=400, example=${name}` });
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.code).toBe('paramError');
    expect(answer.message).toContain(`has no example "${name}"; it has paramError`);
  });
});

describe('stateful: a query parameter with an inherited name', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  beforeEach(() => mock.reset());
  afterAll(() => mock.close());

  it.each(INHERITED)(
    '?%s=1 (twice too) is journaled as it came, and the journal stays readable',
    async (name) => {
      await fetch(`${mock.url}/no/such/path?${name}=1`);
      await fetch(`${mock.url}/no/such/path?${name}=1&${name}=2`);
      const journal = mock.requests;
      expect(journal.map((entry) => ({ ...entry.query }))).toEqual([
        JSON.parse(`{"${name}":"1"}`),
        JSON.parse(`{"${name}":["1","2"]}`),
      ]);
      expect(Object.getPrototypeOf(journal[0]?.query)).toBe(Object.prototype);
      const overHttp = await (await fetch(`${mock.url}/__mock/requests`)).json();
      expect(overHttp.map((entry: { query: unknown }) => entry.query)).toEqual(journal.map((e) => e.query));
    },
  );
});
