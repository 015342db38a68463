// The byte origin's check of a signed request: the headers `sign` made pass for that method and path until
// they expire; anything else is refused the way OSS refuses (emulator-contract.md).
import { describe, expect, it } from 'vitest';
import { BUCKET, createSigner, MAX_SIGNED_URL_LIFETIME_SECONDS, REGION } from '../src/drive/signed-urls.js';

const LIFETIME = 900;
const KEY = 'files/space 1/42/1';
const START = Date.UTC(2030, 0, 1);

async function signed(method: 'PUT' | 'GET' = 'GET', key = KEY) {
  let clock = START;
  const signer = createSigner({
    secret: 'test-secret',
    baseUrl: 'http://127.0.0.1:9/',
    lifetimeSeconds: LIFETIME,
    now: () => clock,
  });
  const signature = await signer.sign(method, key);
  const url = new URL(signature.resourceUrls[0] ?? '');
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(signature.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    signer,
    signature,
    path: url.pathname,
    headers,
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

const mismatch = { status: 403, code: 'SignatureDoesNotMatch' };

describe('signed URLs', () => {
  it('sign: the URL under the bucket with the key percent-encoded, the three headers, lifetime, region', async () => {
    const { signature } = await signed();
    expect(signature).toEqual({
      resourceUrls: [`http://127.0.0.1:9/${BUCKET}/files/space%201/42/1`],
      internalResourceUrls: [`http://127.0.0.1:9/${BUCKET}/files/space%201/42/1`],
      headers: {
        Authorization: expect.stringMatching(new RegExp(`^OSS ${BUCKET}:[A-Za-z0-9+/]{43}=$`)),
        'x-oss-date': 'Tue, 01 Jan 2030 00:00:00 GMT',
        'x-oss-expires': String(START / 1000 + LIFETIME),
      },
      expirationSeconds: LIFETIME,
      region: REGION,
    });
  });

  it('verify: the signed request passes with its key, HEAD as GET, and up to its last second', async () => {
    const { signer, path, headers, setClock } = await signed();
    expect(await signer.verify('GET', path, headers)).toEqual({ key: KEY });
    expect(await signer.verify('HEAD', path, headers)).toEqual({ key: KEY });
    setClock(START + LIFETIME * 1000);
    expect(await signer.verify('GET', path, headers)).toEqual({ key: KEY });
  });

  it('no Authorization: 403 AccessDenied, anonymous access', async () => {
    const { signer, path, headers } = await signed();
    const { authorization: _, ...rest } = headers;
    expect(await signer.verify('GET', path, rest)).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Anonymous access is forbidden for this operation.',
    });
  });

  it.each(['authorization', 'x-oss-date', 'x-oss-expires'])(
    '%s changed or missing: 403 SignatureDoesNotMatch',
    async (name) => {
      const { signer, path, headers } = await signed();
      const value = headers[name] ?? '';
      const changed = value.replace(/.$/, (last) => (last === '1' ? '2' : '1'));
      expect(changed).not.toBe(value);
      expect(await signer.verify('GET', path, { ...headers, [name]: changed })).toMatchObject(mismatch);
      const { [name]: _, ...missing } = headers;
      // Without Authorization the request is anonymous (the test above).
      if (name !== 'authorization') expect(await signer.verify('GET', path, missing)).toMatchObject(mismatch);
      expect(await signer.verify('GET', path, { ...headers, [name]: [value, value] })).toMatchObject(
        mismatch,
      );
    },
  );

  it('the wrong method (a GET signature PUT, a PUT signature GET): 403 SignatureDoesNotMatch', async () => {
    const get = await signed('GET');
    expect(await get.signer.verify('PUT', get.path, get.headers)).toMatchObject(mismatch);
    const put = await signed('PUT', 'uploads/key/1');
    expect(await put.signer.verify('PUT', put.path, put.headers)).toEqual({ key: 'uploads/key/1' });
    expect(await put.signer.verify('GET', put.path, put.headers)).toMatchObject(mismatch);
  });

  it.each([
    ['another object', `/${BUCKET}/files/space%201/42/2`],
    ['the key encoded otherwise', `/${BUCKET}/files/space 1/42/1`],
    ['outside the bucket', '/files/space%201/42/1'],
    ['not percent-decodable', `/${BUCKET}/files/%E0%A4%A/42/1`],
  ])('the wrong path (%s): 403 SignatureDoesNotMatch', async (_, path) => {
    const { signer, headers } = await signed();
    expect(await signer.verify('GET', path, headers)).toMatchObject(mismatch);
  });

  it('a signature made with another secret: 403 SignatureDoesNotMatch', async () => {
    const { path, headers } = await signed();
    const other = createSigner({ secret: 'other', baseUrl: 'http://127.0.0.1:9', lifetimeSeconds: LIFETIME });
    expect(await other.verify('GET', path, headers)).toMatchObject(mismatch);
  });

  it('a second after x-oss-expires: 403 AccessDenied, Request has expired.', async () => {
    const { signer, path, headers, setClock } = await signed();
    setClock(START + (LIFETIME + 1) * 1000);
    expect(await signer.verify('GET', path, headers)).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired.',
    });
  });

  it.each([
    ['secret', { secret: '' }, /Invalid `secret`/],
    ['baseUrl', { baseUrl: 'ftp://x' }, /Invalid `baseUrl`/],
    ['baseUrl', { baseUrl: 'http://x/?q=1' }, /Invalid `baseUrl`/],
    ['lifetimeSeconds', { lifetimeSeconds: 0 }, /Invalid `lifetimeSeconds`/],
    [
      'lifetimeSeconds',
      { lifetimeSeconds: MAX_SIGNED_URL_LIFETIME_SECONDS + 1 },
      /Invalid `lifetimeSeconds`/,
    ],
  ])('a bad %s is a TypeError naming it (and never showing the secret)', (_, bad, message) => {
    const options = { secret: 's3cr3t', baseUrl: 'http://x', lifetimeSeconds: LIFETIME, ...bad };
    expect(() => createSigner(options)).toThrow(message);
    try {
      createSigner(options);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).not.toContain('s3cr3t');
    }
  });
});
