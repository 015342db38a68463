// pnpm docs:serve: serves apps/docs/dist/ on http://127.0.0.1:4020 (PORT to change).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
};
const port = Number(process.env.PORT ?? 4020);

if (!existsSync(`${dist}index.html`)) {
  console.error('apps/docs/dist/index.html is missing: run `pnpm run docs` first.');
  process.exit(1);
}
createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
    /^(\.\.[/\\])+/,
    '',
  );
  const file = `${dist}${path === '/' ? 'index.html' : path.slice(1)}`;
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`docs on http://127.0.0.1:${port}/`));
