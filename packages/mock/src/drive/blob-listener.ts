// The node:http side of the byte origin: hands the request body to the door as it arrives (never buffered)
// and writes the answer, streaming the bytes with backpressure. A client that goes away mid-body or mid-answer
// ends that request only: no temp file stays (the store removes it) and no error escapes.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobAnswer, BlobDoor } from './blob-door.js';

export function blobListener(door: BlobDoor): RequestListener {
  return async (req, res) => {
    // Noted before the body is read: a reset during a slow upload overtakes the request.
    const generation = door.generation();
    // Not `req` itself: leaving its iterator early (a body too large) destroys the request and detaches it
    // from its socket. This one only stops reading, and the answer closes the connection.
    const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    const request = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: req.headers,
      body,
      generation,
    };
    // The door answers every failure itself; this is the last guard of the process.
    await door(request).then(
      (answer) => write(req, res, answer),
      () => req.socket?.destroy(),
    );
  };
}

async function write(req: IncomingMessage, res: ServerResponse, answer: BlobAnswer): Promise<void> {
  if (answer.drop) {
    req.socket?.destroy();
    return;
  }
  // The socket as the request came: once the answer is finished, `req.socket` may be detached (null).
  const { socket } = req;
  if (answer.close) res.once('finish', () => socket.destroySoon());
  try {
    res.writeHead(answer.status, { ...answer.headers, ...(answer.close && { connection: 'close' }) });
    if (typeof answer.body === 'string' || answer.body === undefined) res.end(answer.body);
    else await pipeline(Readable.from(answer.body, { objectMode: false }), res);
  } catch {
    // A header Node refuses, a blob that fails mid-read, a client gone: the answer cannot be completed.
    socket.destroy();
  }
}
