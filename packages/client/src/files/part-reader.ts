// Reads an upload body's parts one at a time for uploadFile, each read given up at once when a signal
// aborts: a stream that stalls must not keep an abort or a failed part from ending the upload. Closing
// cancels the source, without waiting for it when a read still waits on it (a stalled source may never
// answer). Parts read ahead (to tell one PUT from multipart) are put back and handed out first, then let go.
import type { Part, SlicedBody } from './body-parts.js';

export interface PartReader {
  /** The next part, or undefined after the last; rejects with the signal's reason once it aborts. */
  next(signal?: AbortSignal): Promise<Part | undefined>;
  /** Parts to hand out again before reading on. */
  unread(parts: Part[]): void;
  /** Stops reading: the source is closed, or cancelled at once when a read still waits on it. */
  close(): Promise<void>;
}

export function partReader({ parts, cancel }: SlicedBody): PartReader {
  const ahead: Part[] = [];
  /** The read of the source under way, if any. */
  let reading: Promise<unknown> | undefined;
  return {
    async next(signal) {
      const put = ahead.shift();
      if (put) return put;
      const read = parts.next();
      reading = read;
      const settled = () => {
        if (reading === read) reading = undefined;
      };
      read.then(settled, settled);
      const { done, value } = await untilAborted(read, signal);
      return done ? undefined : value;
    },
    unread(parts) {
      ahead.unshift(...parts);
    },
    async close() {
      ahead.length = 0;
      if (reading) cancel();
      else await parts.return();
    },
  };
}

/** `promise`, or the signal's reason as soon as it aborts (the promise goes on, its outcome dropped). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
