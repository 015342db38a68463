// Issue 24, flow 9: the byte origin refuses as OSS does (403, XML body, x-oss-request-id): an upload URL past
// its x-oss-expires (AccessDenied), a PUT with one signed header changed (SignatureDoesNotMatch), a PUT
// without Authorization (AccessDenied).
import { describe, expect, it } from 'vitest';
import { putSigned, testBytes } from './bytes.js';
import { createSpace, getUploadInfo } from './drive.js';
import { emulatorPerFile } from './emulator.js';

/** Signed URLs that expire after a second (the shortest lifetime). */
const shortLived = emulatorPerFile({ signedUrlLifetimeSeconds: 1 });
/** DingTalk's 900 s: no test below comes near it. */
const longLived = emulatorPerFile();

/** Resolves once the wall clock is past `x-oss-expires` (seconds since the epoch); a deadline ends a hang. */
async function pastExpiry(expires: string | undefined): Promise<void> {
  const seconds = Number(expires);
  if (!Number.isInteger(seconds)) throw new Error(`x-oss-expires is not whole seconds: ${expires}`);
  const deadline = Date.now() + 60_000;
  // Expired once the current second is later than the one named.
  while (Math.floor(Date.now() / 1000) <= seconds) {
    if (Date.now() > deadline) throw new Error(`the clock never passed x-oss-expires ${expires}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The refusal as OSS answers it: status, XML content type, request id header, and the `<Code>`. */
async function ossRefusal(answer: Response) {
  const body = await answer.text();
  return {
    status: answer.status,
    contentType: answer.headers.get('content-type'),
    requestId: Boolean(answer.headers.get('x-oss-request-id')),
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
    xml: body.startsWith('<?xml'),
  };
}

describe('signed upload URLs', () => {
  it('an upload PUT after x-oss-expires is refused: 403 AccessDenied, "Request has expired."', async () => {
    const { sdk } = shortLived;
    const space = await createSpace(sdk, { sceneId: 'expired' });
    const { signed } = await getUploadInfo(sdk, space.id);
    expect(signed?.expirationSeconds).toBe(1);

    await pastExpiry(signed?.headers?.['x-oss-expires']);
    expect(await ossRefusal(await putSigned(signed, testBytes(100, 'late')))).toEqual({
      status: 403,
      contentType: 'application/xml',
      requestId: true,
      code: 'AccessDenied',
      message: 'Request has expired.',
      xml: true,
    });
  });

  it.each(['x-oss-date', 'x-oss-expires'])(
    'a PUT with %s changed is refused: 403 SignatureDoesNotMatch',
    async (header) => {
      const { sdk } = longLived;
      const space = await createSpace(sdk, { sceneId: `tampered-${header}` });
      const { signed } = await getUploadInfo(sdk, space.id);
      const value = signed?.headers?.[header] as string;
      // Still a valid value of its kind: a date a second later, an expiry a second later.
      const changed =
        header === 'x-oss-date'
          ? new Date(Date.parse(value) + 1_000).toUTCString()
          : String(Number(value) + 1);
      expect(changed).not.toBe(value);

      const refusal = await ossRefusal(
        await putSigned(signed, testBytes(100, 'tampered'), { [header]: changed }),
      );
      expect(refusal).toMatchObject({
        status: 403,
        contentType: 'application/xml',
        requestId: true,
        xml: true,
      });
      expect(refusal.code).toBe('SignatureDoesNotMatch');
    },
  );

  it('a PUT without Authorization is refused: 403 AccessDenied (anonymous access)', async () => {
    const { sdk } = longLived;
    const space = await createSpace(sdk, { sceneId: 'anonymous' });
    const { signed } = await getUploadInfo(sdk, space.id);
    const { Authorization: _, ...unsigned } = signed?.headers ?? {};
    const refusal = await ossRefusal(
      await putSigned({ ...signed, headers: unsigned }, testBytes(100, 'anonymous')),
    );
    expect(refusal).toMatchObject({ status: 403, code: 'AccessDenied', xml: true });
    expect(refusal.message).toBe('Anonymous access is forbidden for this operation.');
  });

  it('the same PUT with the signed headers unchanged is taken (the refusals above are for the change alone)', async () => {
    const { sdk } = longLived;
    const space = await createSpace(sdk, { sceneId: 'untampered' });
    const { signed } = await getUploadInfo(sdk, space.id);
    const answer = await putSigned(signed, testBytes(100, 'untampered'));
    expect(answer.status, await answer.clone().text()).toBe(200);
  });
});
