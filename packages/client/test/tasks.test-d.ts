// The task helpers' types: waitForTask resolves to the Task; waitForTasks takes only operations whose
// answer may be async (x-async), with that operation's answer, and resolves to the tasks.
import type { components } from '@dingtalk-storage/types';
import { describe, expectTypeOf, it } from 'vitest';
import { type AsyncOperationId, createStorageClient, type Task } from '../src/index.js';

const storage = createStorageClient({ accessToken: 'tok' });

describe('task helpers', () => {
  it('waitForTask resolves to the Task and requires unionId', () => {
    expectTypeOf(storage.waitForTask('t', { unionId: 'u' })).toEqualTypeOf<Promise<Task>>();
    expectTypeOf<Task>().toEqualTypeOf<components['schemas']['Task']>();
    // @ts-expect-error unionId is required (getTask requires it)
    storage.waitForTask('t', { timeoutMs: 1_000 });
  });

  it('waitForTasks takes an async operation’s answer and resolves to its tasks', async () => {
    const copied = await storage.copyDentry({
      spaceId: 's',
      dentryId: 'd',
      unionId: 'u',
      targetSpaceId: 's',
      targetFolderId: '0',
    });
    expectTypeOf(storage.waitForTasks('copyDentry', copied, { unionId: 'u' })).toEqualTypeOf<
      Promise<Task[]>
    >();
    const batch = await storage.deleteDentries({ spaceId: 's', unionId: 'u', dentryIds: ['d'] });
    storage.waitForTasks('deleteDentries', batch, { unionId: 'u' });
    // @ts-expect-error a batch answer is not copyDentry's answer
    storage.waitForTasks('copyDentry', { resultItems: [] }, { unionId: 'u' });
    // @ts-expect-error getSpace is never async
    storage.waitForTasks('getSpace', { space: { id: 's' } }, { unionId: 'u' });
  });

  it('names exactly the operations the spec marks x-async', () => {
    expectTypeOf<AsyncOperationId>().toEqualTypeOf<
      | 'moveDentry'
      | 'moveDentries'
      | 'copyDentry'
      | 'copyDentries'
      | 'deleteDentry'
      | 'deleteDentries'
      | 'restoreRecycleItem'
      | 'restoreRecycleItems'
    >();
  });
});
