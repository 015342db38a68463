// pnpm demo: starts the stateful mock in-process, creates a space twice with @dingtalk-storage/client
// (the second answer is the same space: creating is idempotent per scene/sceneId), triggers one documented
// error, prints what happened, and exits.
import { createStorageClient, StorageApiError } from '@dingtalk-storage/client';
import { startMockServer } from '@dingtalk-storage/mock';

const mock = await startMockServer({ port: 0, mode: 'stateful' });
try {
  console.log(`stateful mock of POST /v1.0/storage/spaces on ${mock.url}`);
  const storage = createStorageClient({ accessToken: 'demo-token', baseUrl: mock.url });
  const option = {
    name: 'Contracts',
    quota: 1_073_741_824,
    ownerType: 'APP',
    scene: 'contracts',
    sceneId: '42',
  };

  const first = await storage.createSpace({ unionId: 'demo-user', option });
  console.log(
    `1. created space ${first.space.id} "${first.space.name}" (${first.space.ownerType}, quota ${first.space.quota} bytes)`,
  );

  const again = await storage.createSpace({ unionId: 'demo-user', option });
  const same = again.space.id === first.space.id && again.space.createTime === first.space.createTime;
  console.log(
    `2. same scene/sceneId again -> space ${again.space.id}: ${same ? 'the same space (idempotent)' : 'A DIFFERENT SPACE'}`,
  );

  try {
    await storage.createSpace({ unionId: 'demo-user', option: { name: 'x'.repeat(300) } });
    console.log('3. UNEXPECTED: an over-long name was accepted');
    process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof StorageApiError)) throw error;
    console.log(`3. over-long name -> ${error.name} HTTP ${error.status} ${error.code}: ${error.message}`);
  }
  if (!same) process.exitCode = 1;
} finally {
  await mock.close();
}
