// Issue 26, point 5: the client's task helpers against the drive emulator. Copying a folder with children
// answers async with a task id; waitForTasks (and waitForTask) poll getTask, which the emulator answers
// IN_PROGRESS at the first poll and SUCCESS after, until SUCCESS; a batch copy's async items likewise.
import { createStorageClient, type StorageClient } from '@dingtalk-storage/client';
import { describe, expect, it } from 'vitest';
import { emulatorPerFile } from './emulator.js';
import { UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();

const ROOT = '0';
// Polls a few milliseconds apart: the test waits on the emulator, not on the default backoff.
const wait = { unionId: UNION_ID, pollIntervalMs: 5, maxPollIntervalMs: 5 };

/** A space with `folders` folders that each hold a file-less subfolder (so copying one is async), and a target. */
async function foldersWithChildren(folders: number) {
  const storage: StorageClient = createStorageClient({
    accessToken: 'emulator-e2e-token',
    baseUrl: emulator.mock.url,
  });
  const { space } = await storage.createSpace({
    unionId: UNION_ID,
    option: { scene: 'tasks', sceneId: 'copy' },
  });
  const add = async (name: string, parentId = ROOT) =>
    (await storage.addFolder({ spaceId: space.id, parentId, unionId: UNION_ID, name })).dentry.id;
  const ids: string[] = [];
  for (let i = 1; i <= folders; i += 1) {
    const id = await add(`project-${i}`);
    await add('specs', id);
    ids.push(id);
  }
  return { storage, spaceId: space.id, ids, target: await add('backups') };
}

const getTaskPolls = () =>
  emulator.mock.requests.filter((r) => r.operationId === 'getTask').map((r) => r.status);

describe('waiting for async tasks on the emulator', () => {
  it('a folder copy’s task, waited for by waitForTasks, reaches SUCCESS after an IN_PROGRESS poll', async () => {
    const { storage, spaceId, ids, target } = await foldersWithChildren(1);
    const copied = await storage.copyDentry({
      spaceId,
      dentryId: ids[0] as string,
      unionId: UNION_ID,
      targetSpaceId: spaceId,
      targetFolderId: target,
    });
    expect(copied).toMatchObject({ async: true, taskId: expect.any(String) });

    const tasks = await storage.waitForTasks('copyDentry', copied, wait);
    expect(tasks).toEqual([expect.objectContaining({ id: copied.taskId, status: 'SUCCESS' })]);
    expect(getTaskPolls()).toEqual([200, 200]);

    // waitForTask on the same, finished task: one poll.
    await expect(storage.waitForTask(copied.taskId as string, wait)).resolves.toMatchObject({
      status: 'SUCCESS',
    });
  });

  it('a batch copy’s async items are each waited for', async () => {
    const { storage, spaceId, ids, target } = await foldersWithChildren(2);
    const copied = await storage.copyDentries({
      spaceId,
      unionId: UNION_ID,
      dentryIds: ids,
      targetSpaceId: spaceId,
      targetFolderId: target,
    });
    const taskIds = copied.resultItems?.map((item) => item.taskId);
    expect(taskIds).toEqual([expect.any(String), expect.any(String)]);

    const tasks = await storage.waitForTasks('copyDentries', copied, wait);
    expect(tasks.map((task) => [task.id, task.status])).toEqual(taskIds?.map((id) => [id, 'SUCCESS']));
  });

  it('an unknown task id ends the wait with getTask’s typed error', async () => {
    const storage = createStorageClient({ accessToken: 'emulator-e2e-token', baseUrl: emulator.mock.url });
    await expect(storage.waitForTask('no-such-task', wait)).rejects.toMatchObject({
      name: 'StorageApiError',
      status: 404,
      code: 'taskNotFound',
    });
  });
});
