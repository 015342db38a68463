// Waiting for DingTalk's async tasks: a copy, move, delete or restore of a folder with children answers
// `{ async: true, taskId }` (per item for a batch), and the operation the spec marks `x-task-status` tells
// when it is done. waitForTask polls it with the retry policy's backoff within one deadline; waitForTasks
// finds the task ids in an answer by the operation's generated row (the spec's `x-async`), as paginate
// finds its cursor. Both read which operation to poll from the generated table, not from this file.
import type { components } from '@dingtalk-storage/types';
import { check, StorageError, StorageTimeoutError } from './errors.js';
import { OPERATIONS } from './generated/operations.js';
import type { AsyncAnswer, OperationSpec } from './operation-spec.js';
import { checkTimeout } from './options.js';
import { retryDelay } from './retry.js';
import { sleep } from './sleep.js';

/** An asynchronous task, as the task-status operation answers it. */
export type Task = components['schemas']['Task'];

type Operations = typeof OPERATIONS;

/** The operations whose answer may be an async task (the spec's `x-async`), e.g. `'copyDentry'`. */
export type AsyncOperationId = {
  [K in keyof Operations]: Operations[K] extends { async: object } ? K : never;
}[keyof Operations];

/** How long waitForTask waits, in all, by default: 10 minutes (this project's choice). */
export const DEFAULT_TASK_TIMEOUT_MS = 600_000;
/** The backoff base between polls by default: the n-th wait is random in [0, min(max, base·2^n)]. */
export const DEFAULT_POLL_INTERVAL_MS = 500;
/** The longest wait between polls by default. */
export const DEFAULT_MAX_POLL_INTERVAL_MS = 5_000;

export interface WaitForTaskOptions {
  /** The user the task runs for (the task-status operation's required `unionId`). */
  unionId: string;
  /** Stops the wait at once; it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The deadline of the whole wait (every poll and pause). Default DEFAULT_TASK_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The backoff base between polls. Default DEFAULT_POLL_INTERVAL_MS. */
  pollIntervalMs?: number;
  /** The longest pause between polls. Default DEFAULT_MAX_POLL_INTERVAL_MS. */
  maxPollIntervalMs?: number;
}

/** The task ended with status FAIL; `task` has its `failCount` and `failMessage`. */
export class StorageTaskError extends StorageError {
  declare readonly task: Task;

  constructor(task: Task) {
    super(
      `Task ${task.id} failed: ${task.failMessage ?? 'no failMessage'} (${task.failCount ?? '?'} of ${task.totalCount ?? '?'} subtasks failed).`,
    );
    this.task = task;
  }

  override get name(): string {
    return 'StorageTaskError';
  }
}

/** One poll: the task-status operation's call, through the client (the same policies as every call). */
export type PollTask = (
  input: { taskId: string; unionId: string },
  options: { signal: AbortSignal },
) => Promise<{ task?: Task }>;

/** The operation the spec marks `x-task-status` (the generator checks there is at most one, and its shape). */
export const TASK_STATUS_OPERATION = Object.keys(OPERATIONS).find(
  (id) => (OPERATIONS as Record<string, OperationSpec>)[id]?.taskStatus,
);

/** Waits for each task in turn (they run on the server meanwhile) within one deadline: each final task. */
async function waitAll(pollTask: PollTask, taskIds: unknown[], options: WaitForTaskOptions): Promise<Task[]> {
  const {
    unionId,
    signal,
    timeoutMs = DEFAULT_TASK_TIMEOUT_MS,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    maxPollIntervalMs = DEFAULT_MAX_POLL_INTERVAL_MS,
  } = options;
  for (const taskId of taskIds)
    check(typeof taskId === 'string' && !!taskId, 'taskId', 'a non-empty string', taskId);
  check(
    typeof unionId === 'string' && !!unionId,
    'unionId',
    'a non-empty string (the task-status operation requires it)',
    unionId,
  );
  checkTimeout('timeoutMs', timeoutMs);
  const policy = {
    maxAttempts: 0,
    baseDelayMs: checkTimeout('pollIntervalMs', pollIntervalMs),
    maxDelayMs: checkTimeout('maxPollIntervalMs', maxPollIntervalMs),
  };
  signal?.throwIfAborted();
  let polls = 0;
  let waitingFor = '';
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    const note = `${waitingFor}. Raise \`timeoutMs\` to wait longer.`;
    deadline.abort(new StorageTimeoutError(timeoutMs, 'task', polls, note));
  }, timeoutMs);
  const onAbort = () => deadline.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  try {
    const tasks: Task[] = [];
    for (const taskId of taskIds as string[]) {
      waitingFor = `task ${taskId} had not answered`;
      for (let retry = 0; ; retry++) {
        polls++;
        const { task } = await pollTask({ taskId, unionId }, { signal: deadline.signal });
        if (task?.status === 'SUCCESS') {
          tasks.push(task);
          break;
        }
        if (task?.status === 'FAIL') throw new StorageTaskError(task);
        waitingFor = `task ${taskId} was ${task?.status ?? 'without a status'}`;
        await sleep(retryDelay(retry, policy), deadline.signal);
      }
    }
    return tasks;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Polls the task until it is SUCCESS (resolves to it) or FAIL (a StorageTaskError). */
export const waitForTask = (pollTask: PollTask, taskId: string, options: WaitForTaskOptions): Promise<Task> =>
  waitAll(pollTask, [taskId], options).then(([task]) => task as Task);

/**
 * Waits for the tasks of an answer that may be async: the answer's own task, or each async item's of a
 * batch (its `resultItems`), in order; resolves to the finished tasks (none when nothing was async).
 */
export async function waitForTasks(
  pollTask: PollTask,
  operationId: string,
  answer: Record<string, unknown>,
  options: WaitForTaskOptions,
): Promise<Task[]> {
  const row = (OPERATIONS as Record<string, { async?: AsyncAnswer }>)[operationId]?.async;
  check(
    !!row,
    'operationId',
    `an operation whose answer may be async (x-async in the spec); ${operationId} is not`,
  );
  const parts = (row.items ? answer?.[row.items] : [answer]) as Record<string, unknown>[] | undefined;
  const taskIds = (parts ?? [])
    .filter((part) => part?.async === true)
    .map((part) => part[row.taskId ?? 'taskId']);
  return waitAll(pollTask, taskIds, options);
}
