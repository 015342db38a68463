// Which wire a client uses when the user passes no `fetch`: this build's (the `default` and `browser`
// export conditions) rides fetch; the `node` build swaps this file for default-wire-node.ts.
import type { Wire } from './wire.js';
import { fetchWire } from './wire-fetch.js';

/** The transport this build uses when no `fetch` is passed: `'fetch'` here, `'node:http'` in the node build. */
export const DEFAULT_TRANSPORT: 'fetch' | 'node:http' = 'fetch';

export const defaultWire = (userFetch: typeof fetch | undefined): Wire =>
  fetchWire(() => userFetch ?? globalThis.fetch);
