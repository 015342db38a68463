// Shared test data: the spec's own 200 example, and a token whose presence anywhere in an error is a leak.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import type { CreateSpaceResponse } from '@dingtalk-storage/types';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is untyped JSON.
export const spec: any = JSON.parse(
  readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'),
);

export const successBody: CreateSpaceResponse =
  spec.paths['/v1.0/storage/spaces'].post.responses['200'].content['application/json'].examples.appSpace
    .value;

export const TOKEN = 'tok-SECRET-9f8e7d6c5b4a39281706';
export const FRESH_TOKEN = 'tok-FRESH-0a1b2c3d4e5f60718293';

/** Every rendering of an error a user or a log could see. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { message?: unknown; stack?: unknown; toJSON?: () => unknown; cause?: unknown };
    out.push(String(e.message), String(e.stack), inspect(current, { depth: Number.POSITIVE_INFINITY }));
    if (typeof e.toJSON === 'function') out.push(JSON.stringify(e.toJSON()));
    current = e.cause;
  }
  return out;
}

/** Awaits a rejection and checks that no rendering of the error contains a token. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (e: unknown) => e,
  );
  for (const shown of renderings(error)) {
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(FRESH_TOKEN);
  }
  return error;
}
