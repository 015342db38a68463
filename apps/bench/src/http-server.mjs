// A minimal keep-alive node:http server for the per-call benchmark, run in its own process so that it
// does not share the measured event loop. Answers every request with a fixed createSpace body.
import { createServer } from 'node:http';

const body = JSON.stringify({
  space: {
    id: '20394857361',
    name: 'Bench',
    ownerType: 'APP',
    quota: 1073741824,
    usedQuota: 0,
    status: 'NORMAL',
  },
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
