// The options every byte leg takes (uploadFile and downloadFile), checked once: a bad one is a
// StorageValidationError naming it, before any request.

import type { StorageClient } from '../client.js';
import { wireOf } from '../client-wire.js';
import { defaultWire } from '../default-wire.js';
import { check } from '../errors.js';
import { checkTimeout, retryPolicyOf } from '../options.js';
import type { RetryOptions } from '../retry.js';
import type { ByteLegPolicy } from './byte-leg.js';
import { DEFAULT_BYTE_TIMEOUT_MS } from './limits.js';

export interface TransferOptions {
  /** Aborts the transfer: every request in flight ends, and an upload commits nothing. */
  signal?: AbortSignal;
  /** How long an attempt of a byte leg may go without progress (ms). Default DEFAULT_BYTE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The byte legs' retry policy (each PUT or GET on its own), or false. Default the client's default policy. */
  retry?: false | RetryOptions;
  /**
   * The fetch the byte legs use. Default: the client's own (the `fetch` given to createStorageClient, else
   * this build's wire: node:http on Node, `globalThis.fetch` elsewhere).
   */
  fetch?: typeof fetch;
}

/** The API calls' options, and the byte legs' policy. */
export function transferPolicy(
  client: StorageClient,
  operation: string,
  { signal, timeoutMs = DEFAULT_BYTE_TIMEOUT_MS, retry = {}, fetch }: TransferOptions,
): { call: { signal?: AbortSignal }; policy: ByteLegPolicy } {
  // Every client createStorageClient makes keeps its wire: that is how one is told from anything else.
  const wire = typeof client === 'object' && client !== null ? wireOf(client) : undefined;
  check(
    wire !== undefined,
    'client',
    `a client from createStorageClient (${operation}'s first argument)`,
    client,
  );
  check(signal === undefined || signal instanceof AbortSignal, 'signal', 'an AbortSignal', signal);
  checkTimeout('timeoutMs', timeoutMs);
  check(fetch === undefined || typeof fetch === 'function', 'fetch', 'a fetch function', fetch);
  const retryPolicy = retryPolicyOf(retry);
  return {
    call: signal ? { signal } : {},
    policy: {
      wire: fetch ? defaultWire(fetch) : wire,
      timeoutMs,
      retry: retryPolicy,
      signal,
    },
  };
}
