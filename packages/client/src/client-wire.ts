// The wire a client was made with, kept on the client under a registered symbol, so the file helpers
// (a separate entry, `/files`) send their byte legs the way the client sends its calls: over the user's
// fetch if they gave one, else this build's default. Symbol.for: the same key in every copy of the code.
import type { Wire } from './wire.js';

const WIRE = Symbol.for('@dingtalk-storage/client:wire');

export const keepWire = (client: object, wire: Wire): void => {
  Object.defineProperty(client, WIRE, { value: wire });
};

export const wireOf = (client: object): Wire | undefined => (client as { [WIRE]?: Wire })[WIRE];
