// default-wire.ts for the `node` build (tsdown.config.ts swaps it in; so does the client-node test
// project): node:http with keep-alive when the user passes no `fetch`, their fetch when they do.
import type { Wire } from './wire.js';
import { fetchWire } from './wire-fetch.js';
import { nodeWire } from './wire-node.js';

/** The transport this build uses when no `fetch` is passed. */
export const DEFAULT_TRANSPORT: 'fetch' | 'node:http' = 'node:http';

export const defaultWire = (userFetch: typeof fetch | undefined): Wire =>
  userFetch ? fetchWire(() => userFetch) : nodeWire();
