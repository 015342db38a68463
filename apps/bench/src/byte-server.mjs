// The bare side of the emulator benchmarks: a node:http server in its own process that keeps bytes the way
// the emulator's `dataDir` does, without the drive. PUT /<name> writes the body to DIR/<name> (a temp name,
// fsynced, renamed, the folder fsynced: the emulator's durability, so the comparison is fair to the disk);
// GET /<name> streams that file back; DELETE /<name> removes it. `node byte-server.mjs DIR`; prints its port.
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node byte-server.mjs DIR');

/** DIR/<name> for a URL path `/<name>`; null for anything else (no folders, no dot files). */
function fileOf(url) {
  const name = decodeURIComponent(new URL(url, 'http://x').pathname.slice(1));
  return /^[\w-]+$/.test(name) ? join(dir, name) : null;
}

async function put(req, res, file) {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w');
  try {
    for await (const chunk of req) await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  // The rename made durable too: the emulator's dataDir does the same for each blob.
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  res.writeHead(200, { 'content-length': 0 }).end();
}

async function get(res, file) {
  const { size } = await stat(file);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  await pipeline(createReadStream(file), res);
}

const server = createServer((req, res) => {
  const file = fileOf(req.url);
  const work =
    file === null
      ? Promise.reject(new Error(`no such object: ${req.url}`))
      : req.method === 'PUT'
        ? put(req, res, file)
        : req.method === 'GET'
          ? get(res, file)
          : req.method === 'DELETE'
            ? rm(file).then(() => res.writeHead(204).end())
            : Promise.reject(new Error(`method not allowed: ${req.method}`));
  work.catch((error) => {
    if (res.headersSent) res.destroy(error);
    else
      res.writeHead(error.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain' }).end(error.message);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// Its stdin is a pipe the bench holds: it ends however the bench ends, SIGKILL included.
process.stdin.on('end', () => process.exit(0)).resume();
