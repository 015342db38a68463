// The stateful fake's documented semantics.

import { createSpecValidator, type MockServer, startMockServer } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, mode: 'stateful' });
});
afterAll(() => mock.close());

const validator = createSpecValidator();

async function create(option: unknown, { token = 'tok', unionId = 'u-1' } = {}) {
  const response = await fetch(`${mock.url}/v1.0/storage/spaces?unionId=${unionId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { 'x-acs-dingtalk-access-token': token } : {}),
    },
    body: JSON.stringify(option === undefined ? {} : { option }),
  });
  const body = await response.json();
  expect(validator.response('createSpace', response.status, body), JSON.stringify(body)).toEqual([]);
  return { status: response.status, body };
}

describe('stateful fake', () => {
  it('returns the same space for the same (scene, sceneId), including the defaults', async () => {
    const first = await create({ scene: 'contracts', sceneId: '42', name: 'Contracts' });
    const again = await create({ scene: 'contracts', sceneId: '42', name: 'Renamed' });
    expect(again.body.space).toEqual(first.body.space);
    const defaults = await create(undefined);
    const explicitDefaults = await create({ scene: 'default', sceneId: '0' });
    expect(explicitDefaults.body.space.id).toBe(defaults.body.space.id);
    expect(defaults.body.space).toMatchObject({ scene: 'default', sceneId: '0', ownerType: 'USER' });
  });

  it('gives different sceneIds different spaces', async () => {
    const a = await create({ scene: 'invoices', sceneId: '1' });
    const b = await create({ scene: 'invoices', sceneId: '2' });
    expect(a.body.space.id).not.toBe(b.body.space.id);
  });

  it('echoes ownerType, quota and capabilities, starts usedQuota at 0, fills partitions', async () => {
    const { body } = await create({
      scene: 'echo',
      ownerType: 'APP',
      quota: 1_073_741_824,
      capabilities: { canSearch: true },
    });
    expect(body.space).toMatchObject({
      ownerType: 'APP',
      quota: 1_073_741_824,
      usedQuota: 0,
      capabilities: { canSearch: true, canRename: false, canRecordRecentFile: false },
      partitions: [
        { partitionType: 'PUBLIC_OSS_PARTITION', quota: { used: 0, max: 1_073_741_824, type: 'PRIVATE' } },
      ],
    });
    expect(body.space.createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
  });

  it.each([
    [{ name: 'x'.repeat(256) }, 'paramError.name', /option\.name must NOT have more than 255 characters/],
    [{ scene: 7 }, 'paramError.scene', /option\.scene must be string/],
    [{ sceneId: 'x'.repeat(129) }, 'paramError.sceneId', /option\.sceneId/],
    [{ quota: -1 }, 'paramError', /option\.quota must be >= 0/],
    [{ ownerType: 'GROUP' }, 'paramError', /option\.ownerType must be one of USER, APP/],
    [{ colour: 'red' }, 'paramError', /option\.colour is not a known field/],
  ])('rejects %j with 400 %s naming the field', async (option, code, message) => {
    const { status, body } = await create(option);
    expect(status).toBe(400);
    expect(body.code).toBe(code);
    expect(body.message).toMatch(message);
  });

  it('reset() forgets every space: the same (scene, sceneId) then makes a new one', async () => {
    const option = { scene: 'reset', sceneId: '1' };
    const before = await create(option);
    mock.reset();
    const after = await create(option);
    expect(after.body.space.id).not.toBe(before.body.space.id);
    expect((await create(option)).body.space.id).toBe(after.body.space.id);
  });

  it('getSpace returns what createSpace made, by id; an unknown id is 404 spaceNotFound', async () => {
    const { body: created } = await create({ scene: 'get', sceneId: '1', name: 'Round trip', quota: 10 });
    const get = async (id: string) => {
      const response = await fetch(`${mock.url}/v1.0/storage/spaces/${encodeURIComponent(id)}?unionId=u-1`, {
        headers: { 'x-acs-dingtalk-access-token': 'tok' },
      });
      const body = await response.json();
      expect(validator.response('getSpace', response.status, body), JSON.stringify(body)).toEqual([]);
      return { status: response.status, body };
    };
    expect(await get(created.space.id)).toEqual({ status: 200, body: created });
    const missing = await get('no-such-space');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'spaceNotFound', message: 'no space with id no-such-space' });
  });

  it('answers a missing token with 400 InvalidAuthentication', async () => {
    const { status, body } = await create({}, { token: '' });
    expect(status).toBe(400);
    expect(body.code).toBe('InvalidAuthentication');
  });
});

describe('the cap on stored spaces', () => {
  it('refuses a new space beyond maxSpaces with a documented 403 until reset; existing ones still answer', async () => {
    const small = await startMockServer({ port: 0, mode: 'stateful', maxSpaces: 2 });
    const post = async (sceneId: string) => {
      const response = await fetch(`${small.url}/v1.0/storage/spaces?unionId=u-1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
        body: JSON.stringify({ option: { sceneId } }),
      });
      const body = await response.json();
      expect(validator.response('createSpace', response.status, body), JSON.stringify(body)).toEqual([]);
      return { status: response.status, body };
    };
    try {
      expect((await post('1')).status).toBe(200);
      expect((await post('2')).status).toBe(200);
      const full = await post('3');
      expect(full.status).toBe(403);
      expect(full.body.code).toBe('Forbidden.AccessDenied.ApiCountLimitForOrg');
      expect(full.body.message).toMatch(/at most 2 spaces .* reset it between tests/);
      expect((await post('1')).status).toBe(200);
      small.reset();
      expect((await post('3')).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('rejects a maxSpaces that is not a positive integer', async () => {
    await expect(startMockServer({ port: 0, mode: 'stateful', maxSpaces: 0 })).rejects.toThrow(
      /Invalid `maxSpaces`/,
    );
  });
});

describe("sign-in: the fake as DingTalk's token service", () => {
  const app = { appKey: 'app-1', appSecret: 'secret-1-abcdefghijklmnop' };
  const post = (url: string, path: string, body: unknown, token?: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { 'x-acs-dingtalk-access-token': token }) },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));
  const signIn = (url: string, credentials: unknown) => post(url, '/v1.0/oauth2/accessToken', credentials);
  const create = (url: string, token: string) =>
    post(url, '/v1.0/storage/spaces?unionId=u-1', { option: {} }, token);

  it('issues tokens to configured apps, refuses wrong credentials, and accepts only its own live tokens', async () => {
    const mock = await startMockServer({ port: 0, mode: 'stateful', apps: [app], tokenLifetimeSeconds: 60 });
    try {
      const wrong = await signIn(mock.url, { ...app, appSecret: 'nope' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'invalidClientSecret' });
      expect(validator.response('getAccessToken', wrong.status, wrong.body)).toEqual([]);

      const issued = await signIn(mock.url, app);
      expect(issued).toMatchObject({ status: 200, body: { accessToken: expect.any(String), expireIn: 60 } });
      expect(validator.response('getAccessToken', issued.status, issued.body)).toEqual([]);

      expect((await create(mock.url, issued.body.accessToken)).status).toBe(200);
      const foreign = await create(mock.url, 'a-token-it-never-issued');
      expect(foreign.status).toBe(400);
      expect(foreign.body).toMatchObject({
        code: 'InvalidAuthentication',
        message: expect.stringMatching(/not issued/),
      });

      mock.expireTokens();
      const expired = await create(mock.url, issued.body.accessToken);
      expect(expired.body).toMatchObject({
        code: 'InvalidAuthentication',
        message: expect.stringMatching(/expired/),
      });
      const renewed = await signIn(mock.url, app);
      expect((await create(mock.url, renewed.body.accessToken)).status).toBe(200);
    } finally {
      await mock.close();
    }
  });

  it('with no apps configured, accepts any non-empty token and signs in any credentials', async () => {
    expect((await create(mock.url, 'any-token')).status).toBe(200);
    expect((await signIn(mock.url, { appKey: 'k', appSecret: 's' })).status).toBe(200);
  });
});
