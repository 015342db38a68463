// client.waitForTask polls getTask with backoff until the task is SUCCESS (resolves to it) or FAIL (a
// StorageTaskError carrying it), within one deadline for the whole wait; client.waitForTasks waits for the
// task of an answer that may be async (`x-async`): the answer's own, or each async item's of a batch.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createStorageClient,
  StorageApiError,
  StorageTaskError,
  StorageTimeoutError,
  StorageValidationError,
} from '../src/index.js';
import { dingtalkError, type FaultServer, hang, json, type Step, startFaultServer } from './fault-server.js';
import { rejectionOf, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const task = (id: string, status: string, more: object = {}): Step =>
  json(200, { task: { id, status, ...more } });
// Polls a millisecond apart at most, so the tests wait on the server, not on the backoff.
const quick = { unionId: 'u', pollIntervalMs: 1, maxPollIntervalMs: 1 };
const client = () => createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
const taskIdOf = (url: string) => new URL(url, 'http://x').pathname.split('/').at(-1);

describe('waitForTask', () => {
  it('polls getTask until SUCCESS and resolves to the task', async () => {
    server = await startFaultServer([
      task('t1', 'INIT'),
      task('t1', 'IN_PROGRESS'),
      task('t1', 'SUCCESS', { totalCount: 3 }),
    ]);
    await expect(client().waitForTask('t1', quick)).resolves.toEqual({
      id: 't1',
      status: 'SUCCESS',
      totalCount: 3,
    });
    expect(server.requests.map((r) => r.url)).toEqual(Array(3).fill('/v1.0/storage/tasks/t1?unionId=u'));
  });

  it('rejects with a StorageTaskError carrying the task when it FAILs', async () => {
    const failed = { id: 't1', status: 'FAIL', totalCount: 4, failCount: 1, failMessage: 'permissionDenied' };
    server = await startFaultServer([task('t1', 'IN_PROGRESS'), json(200, { task: failed })]);
    const error = await rejectionOf(client().waitForTask('t1', quick));
    expect(error).toBeInstanceOf(StorageTaskError);
    expect(error).toMatchObject({ name: 'StorageTaskError', task: failed });
    expect((error as Error).message).toContain('t1');
    expect((error as Error).message).toContain('permissionDenied');
  });

  it('rejects with a StorageTimeoutError (phase task) at the deadline while the task runs on', async () => {
    server = await startFaultServer(() => task('t1', 'IN_PROGRESS'));
    const error = await rejectionOf(client().waitForTask('t1', { ...quick, timeoutMs: 50 }));
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error).toMatchObject({ phase: 'task', timeoutMs: 50 });
    expect((error as Error).message).toContain('t1');
  });

  it('the deadline also ends a getTask call that hangs', async () => {
    server = await startFaultServer([hang]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, timeoutMs: 60_000 });
    const error = await rejectionOf(storage.waitForTask('t1', { ...quick, timeoutMs: 50 }));
    expect(error).toMatchObject({ phase: 'task', timeoutMs: 50 });
  });

  it('stops with the signal’s reason while it waits between polls or polls', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    // The first poll answers and then the caller aborts; a second poll, if the backoff was short, hangs.
    server = await startFaultServer((index) =>
      index
        ? hang
        : (res, req) => {
            res.on('finish', () => setTimeout(() => controller.abort(reason), 10));
            task('t1', 'IN_PROGRESS')(res, req);
          },
    );
    await expect(
      client().waitForTask('t1', {
        ...quick,
        pollIntervalMs: 60_000,
        maxPollIntervalMs: 60_000,
        signal: controller.signal,
      }),
    ).rejects.toBe(reason);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('ends with getTask’s typed error (an unknown task)', async () => {
    server = await startFaultServer([dingtalkError(404, 'taskNotFound')]);
    const error = await rejectionOf(client().waitForTask('nope', quick));
    expect(error).toBeInstanceOf(StorageApiError);
    expect((error as StorageApiError).code).toBe('taskNotFound');
  });

  it.each([
    ['taskId', '', quick],
    ['unionId', 't1', { pollIntervalMs: 1 }],
    ['timeoutMs', 't1', { ...quick, timeoutMs: 0 }],
    ['pollIntervalMs', 't1', { ...quick, pollIntervalMs: -1 }],
    ['maxPollIntervalMs', 't1', { ...quick, maxPollIntervalMs: Number.NaN }],
  ])('refuses a bad %s before any request', async (field, taskId, options) => {
    server = await startFaultServer([]);
    const error = await rejectionOf(client().waitForTask(taskId, options as typeof quick));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect((error as StorageValidationError).field).toBe(field);
    expect(server.requests).toHaveLength(0);
  });
});

describe('waitForTasks', () => {
  it('waits for a single answer’s task (copyDentry answering async)', async () => {
    server = await startFaultServer([task('t1', 'IN_PROGRESS'), task('t1', 'SUCCESS')]);
    await expect(client().waitForTasks('copyDentry', { async: true, taskId: 't1' }, quick)).resolves.toEqual([
      { id: 't1', status: 'SUCCESS' },
    ]);
  });

  it('resolves to no tasks, with no request, for an answer that is already done', async () => {
    server = await startFaultServer([]);
    await expect(
      client().waitForTasks('copyDentry', { async: false, dentry: { id: 'd1' } }, quick),
    ).resolves.toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('waits for every async item of a batch answer (resultItems), in item order', async () => {
    server = await startFaultServer(() => (res, req) => {
      const id = taskIdOf(req.url ?? '') ?? '';
      // Each task is IN_PROGRESS at its first poll (the request is recorded before it is answered).
      const polls = server.requests.filter((r) => taskIdOf(r.url) === id).length;
      task(id, polls > 1 ? 'SUCCESS' : 'IN_PROGRESS')(res, req);
    });
    const answer = {
      resultItems: [
        { dentryId: 'd1', async: true, taskId: 'ta' },
        { dentryId: 'd2', async: false, success: true },
        { dentryId: 'd3', async: true, taskId: 'tb' },
      ],
    };
    const tasks = await client().waitForTasks('copyDentries', answer, quick);
    expect(tasks.map((t) => [t.id, t.status])).toEqual([
      ['ta', 'SUCCESS'],
      ['tb', 'SUCCESS'],
    ]);
    expect(new Set(server.requests.map((r) => taskIdOf(r.url)))).toEqual(new Set(['ta', 'tb']));
  });

  it('rejects with the first failed task’s StorageTaskError', async () => {
    server = await startFaultServer([task('ta', 'SUCCESS'), task('tb', 'FAIL', { failCount: 1 })]);
    const answer = {
      resultItems: [
        { dentryId: 'd1', async: true, taskId: 'ta' },
        { dentryId: 'd2', async: true, taskId: 'tb' },
      ],
    };
    const error = await rejectionOf(client().waitForTasks('moveDentries', answer, quick));
    expect(error).toBeInstanceOf(StorageTaskError);
    expect((error as StorageTaskError).task).toMatchObject({ id: 'tb', failCount: 1 });
  });

  it('keeps one deadline for the whole batch', async () => {
    server = await startFaultServer(() => task('t', 'IN_PROGRESS'));
    const answer = {
      resultItems: [
        { dentryId: 'd1', async: true, taskId: 'ta' },
        { dentryId: 'd2', async: true, taskId: 'tb' },
      ],
    };
    const error = await rejectionOf(
      client().waitForTasks('deleteDentries', answer, { ...quick, timeoutMs: 50 }),
    );
    expect(error).toMatchObject({ phase: 'task', timeoutMs: 50 });
  });

  it('refuses an operation that is never async, naming it, before any request', async () => {
    server = await startFaultServer([]);
    const error = await rejectionOf(
      (async () => client().waitForTasks('getSpace' as 'copyDentry', { async: true, taskId: 't1' }, quick))(),
    );
    expect(error).toBeInstanceOf(StorageValidationError);
    expect((error as StorageValidationError).field).toBe('operationId');
    expect((error as Error).message).toContain('getSpace');
    expect(server.requests).toHaveLength(0);
  });
});
