// The four ways to create a space that the per-call and cold-start benchmarks compare.
import { createRequire } from 'node:module';
import { createStorageClient } from '@dingtalk-storage/client';
import createClient from 'openapi-fetch';

const require = createRequire(import.meta.url);
const PATH = '/v1.0/storage/spaces';
const TOKEN = 'bench-token';
const option = { name: 'Bench', ownerType: 'APP', quota: 1073741824 };

export function contestants(baseUrl, { fetch: injected } = {}) {
  const fetchImpl = injected ?? globalThis.fetch;
  const bare = createClient({ baseUrl, fetch: fetchImpl });
  const ours = createStorageClient({ accessToken: TOKEN, baseUrl, ...(injected ? { fetch: injected } : {}) });
  return {
    'raw fetch': async () => {
      const res = await fetchImpl(`${baseUrl}${PATH}?unionId=u-bench`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': TOKEN },
        body: JSON.stringify({ option }),
      });
      return res.json();
    },
    'openapi-fetch': async () => {
      const { data } = await bare.POST(PATH, {
        params: { query: { unionId: 'u-bench' } },
        headers: { 'x-acs-dingtalk-access-token': TOKEN },
        body: { option },
      });
      return data;
    },
    '@dingtalk-storage/client': () => ours.createSpace({ unionId: 'u-bench', option }),
  };
}

/** DingTalk's official Node SDK (storage_1_0 AddSpace), pointed at the local server over plain http. */
export function officialSdk(baseUrl) {
  const Storage = require('@alicloud/dingtalk/storage_1_0');
  const { Config } = require('@alicloud/openapi-client');
  const { RuntimeOptions } = require('@alicloud/tea-util');
  const client = new Storage.default(
    new Config({ protocol: 'http', endpoint: new URL(baseUrl).host, regionId: 'central' }),
  );
  const runtime = new RuntimeOptions({});
  return () =>
    client.addSpaceWithOptions(
      new Storage.AddSpaceRequest({ unionId: 'u-bench', option: new Storage.AddSpaceRequestOption(option) }),
      new Storage.AddSpaceHeaders({ xAcsDingtalkAccessToken: TOKEN }),
      runtime,
    );
}
