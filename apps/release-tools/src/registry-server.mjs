// A real npm registry for the release dry-run: Verdaccio, in a process of its own, on 127.0.0.1.
// `node registry-server.mjs <dir>` serves @dingtalk-storage/* from <dir>/storage (publish needs a user)
// and nothing else: consumers take this scope from it and every other package from their usual registry,
// as teams do with a private registry (so nothing here depends on proxying the public one). It prints
// `listening <url>` once ready, and exits as soon as its stdin closes: the dry-run holds that pipe, so
// when the dry-run ends in any way (a SIGKILL included) the registry ends with it, frees its port and removes
// <dir>. A Ctrl-C reaches it too (it is in the dry-run's process group): it removes <dir> then as well
// (the dry-run's reaper is told of <dir> too, for an end this process cannot clean up after).
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { runServer } = require('verdaccio');

const [dir] = process.argv.slice(2);
writeFileSync(join(dir, 'htpasswd'), '');
const config = {
  self_path: dir,
  storage: join(dir, 'storage'),
  auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
  packages: {
    '@dingtalk-storage/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
  },
  log: { type: 'stdout', format: 'pretty', level: 'error' },
  web: { enable: false },
  server: { keepAliveTimeout: 60 },
};

const app = await runServer(config);
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
// Its storage goes with it, so nothing is left however the dry-run ended.
const end = () => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', end);
process.stdin.on('close', end);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, end);
process.stdin.resume();
