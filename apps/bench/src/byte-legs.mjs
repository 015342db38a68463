// The byte legs of an upload and a download: one PUT or GET with node:http, the same client for the bare
// server and the emulator's byte origin, so the two differ only by the server.
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { byteChunks } from './bytes.mjs';

/** Answers a request: resolves once it ends, rejecting (with the status and the body) on anything but 2xx. */
function answer(req, what) {
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let bytes = 0;
      const text = [];
      res.on('data', (data) => {
        bytes += data.length;
        // Only an error's body is kept, and only its start: a download's bytes are counted, not held.
        if (res.statusCode >= 300 && text.length < 16) text.push(data);
      });
      res.once('error', reject);
      res.once('end', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve({ res, bytes });
        else
          reject(new Error(`bench: ${what} answered ${res.statusCode}: ${Buffer.concat(text).toString()}`));
      });
    });
  });
}

/** PUTs `size` bytes (byteChunks) to `url` with `headers`. */
export async function putBytes(url, headers, size) {
  const chunks = byteChunks(size);
  const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': size } });
  const answered = answer(req, `PUT ${url}`);
  const sent = pipeline(Readable.from(chunks, { objectMode: false }), req);
  // A refusal ends the connection while the body is still being sent: the answer says why, so it comes first.
  sent.catch(() => {});
  await answered;
  await sent;
}

/** GETs `url` with `headers`, counting the bytes (none kept); resolves to their number. */
export async function getBytes(url, headers) {
  const req = request(url, { method: 'GET', headers });
  const answered = answer(req, `GET ${url}`);
  req.end();
  const { res, bytes } = await answered;
  const expected = Number(res.headers['content-length']);
  if (bytes !== expected)
    throw new Error(`bench: GET ${url} sent ${bytes} bytes, content-length ${expected}`);
  return bytes;
}
