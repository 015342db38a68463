// pnpm demo: the whole chain with no DingTalk account. Starts the stateful mock in-process with one app,
// signs in with its appKey and appSecret (createAppTokenProvider), creates a space twice (the second answer
// is the same space: creating is idempotent per scene/sceneId), gets it by id, expires the token in the
// mock so that the next call refreshes it and succeeds, triggers one documented error, and exits.
import { createAppTokenProvider, createStorageClient, StorageApiError } from '@dingtalk-storage/client';
import { startMockServer } from '@dingtalk-storage/mock';

const app = { appKey: 'demo-app', appSecret: 'demo-secret-5f3c9a7e1b2d4c6a8e0f' };
const mock = await startMockServer({ port: 0, mode: 'stateful', apps: [app] });
try {
  console.log(`stateful mock on ${mock.url}, signing in app "${app.appKey}" (appSecret never printed)`);
  let tokenRequests = 0;
  const countingFetch = (input, init) => {
    if (String(input).includes('/oauth2/accessToken')) tokenRequests++;
    return fetch(input, init);
  };
  const accessToken = createAppTokenProvider({ ...app, baseUrl: mock.url, fetch: countingFetch });
  const storage = createStorageClient({ accessToken, baseUrl: mock.url });
  const option = {
    name: 'Contracts',
    quota: 1_073_741_824,
    ownerType: 'APP',
    scene: 'contracts',
    sceneId: '42',
  };

  const first = await storage.createSpace({ unionId: 'demo-user', option });
  console.log(
    `1. signed in (token requests: ${tokenRequests}), created space ${first.space.id} "${first.space.name}" (${first.space.ownerType}, quota ${first.space.quota} bytes)`,
  );

  const again = await storage.createSpace({ unionId: 'demo-user', option });
  const same = again.space.id === first.space.id && again.space.createTime === first.space.createTime;
  console.log(
    `2. same scene/sceneId again -> space ${again.space.id}: ${same ? 'the same space (idempotent)' : 'A DIFFERENT SPACE'}`,
  );

  mock.expireTokens();
  const fetched = await storage.getSpace({ spaceId: first.space.id, unionId: 'demo-user' });
  console.log(
    `3. the mock expired the token; getSpace refreshed it (token requests: ${tokenRequests}) and got space ${fetched.space.id}`,
  );

  try {
    await storage.createSpace({ unionId: 'demo-user', option: { name: 'x'.repeat(300) } });
    console.log('4. UNEXPECTED: an over-long name was accepted');
    process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof StorageApiError)) throw error;
    console.log(`4. over-long name -> ${error.name} HTTP ${error.status} ${error.code}: ${error.message}`);
  }
  if (!same || fetched.space.id !== first.space.id || tokenRequests !== 2) process.exitCode = 1;
} finally {
  await mock.close();
}
