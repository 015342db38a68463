// The ways to create a space that the per-call and cold-start benchmarks compare, and the transport each
// rides (the report prints it beside the figures).
import { createRequire } from 'node:module';
import { createStorageClient, DEFAULT_TRANSPORT } from '@dingtalk-storage/client';
import createClient from 'openapi-fetch';
import { Pool } from 'undici';

const require = createRequire(import.meta.url);
const PATH = '/v1.0/storage/spaces';
const QUERY = '?unionId=u-bench';
const TOKEN = 'bench-token';
const option = { name: 'Bench', ownerType: 'APP', quota: 1073741824 };
const HEADERS = { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': TOKEN };

export const CLIENT = '@dingtalk-storage/client';
export const CLIENT_ON_FETCH = '@dingtalk-storage/client (fetch)';
export const OFFICIAL = '@alicloud/dingtalk (official)';
export const UNDICI_POOL = 'undici Pool.request';

/** Calls in flight at once in the concurrent run; the undici Pool gets a connection for each. */
export const IN_FLIGHT = 32;

/** The transport under each contestant. The client's is its build's default, as Node resolves the package. */
export const TRANSPORTS = {
  'raw fetch': "fetch (Node's undici)",
  'openapi-fetch': "fetch (Node's undici)",
  [CLIENT]: `${DEFAULT_TRANSPORT} (the build's DEFAULT_TRANSPORT)`,
  [CLIENT_ON_FETCH]: "fetch (Node's undici; passed as `fetch`)",
  [OFFICIAL]: 'node:http (httpx, keep-alive agent)',
  [UNDICI_POOL]: `undici ${require('undici/package.json').version} Pool (${IN_FLIGHT} connections, pipelining 1)`,
};

export function contestants(baseUrl, { fetch: injected } = {}) {
  const fetchImpl = injected ?? globalThis.fetch;
  const bare = createClient({ baseUrl, fetch: fetchImpl });
  const ours = createStorageClient({ accessToken: TOKEN, baseUrl, ...(injected ? { fetch: injected } : {}) });
  const oursOnFetch = createStorageClient({ accessToken: TOKEN, baseUrl, fetch: fetchImpl });
  return {
    'raw fetch': async () => {
      const res = await fetchImpl(`${baseUrl}${PATH}${QUERY}`, {
        method: 'POST',
        headers: HEADERS,
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
    [CLIENT]: () => ours.createSpace({ unionId: 'u-bench', option }),
    [CLIENT_ON_FETCH]: () => oursOnFetch.createSpace({ unionId: 'u-bench', option }),
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

/**
 * The measured limit: the same POST on undici's Pool.request (no fetch, no wrapper), its body read and
 * JSON-parsed as every other contestant's is. `close` ends the pool's sockets.
 */
export function undiciPool(baseUrl) {
  const pool = new Pool(baseUrl, { connections: IN_FLIGHT, pipelining: 1 });
  return {
    call: async () => {
      const { body } = await pool.request({
        path: `${PATH}${QUERY}`,
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ option }),
      });
      return body.json();
    },
    close: () => pool.close(),
  };
}
