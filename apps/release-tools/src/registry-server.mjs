// A real npm registry for the release dry-run: Verdaccio, in a process of its own, on 127.0.0.1.
// `node registry-server.mjs <dir>` serves @dingtalk-storage/* from <dir>/storage (publish needs a user;
// nothing is proxied for them) and proxies every other package to the machine's npm registry. It prints
// `listening <url>` once ready, and exits as soon as its stdin closes: the dry-run holds that pipe, so
// when the dry-run ends in any way (a SIGKILL included) the registry ends with it and frees its port.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { runServer } = require('verdaccio');

const [dir, upstream = 'https://registry.npmjs.org/'] = process.argv.slice(2);
writeFileSync(join(dir, 'htpasswd'), '');
const config = {
  self_path: dir,
  storage: join(dir, 'storage'),
  auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
  // A busy machine answers slowly: never mark the upstream offline for a few slow answers (Verdaccio would
  // then answer 404 "no such package available" for everything it has not cached).
  uplinks: { upstream: { url: upstream, timeout: '120s', maxage: '30m', max_fails: 50, fail_timeout: '1s' } },
  packages: {
    '@dingtalk-storage/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    '**': { access: '$all', publish: '$authenticated', proxy: 'upstream' },
  },
  log: { type: 'stdout', format: 'pretty', level: 'error' },
  web: { enable: false },
  server: { keepAliveTimeout: 60 },
};

const app = await runServer(config);
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
