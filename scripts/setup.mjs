// Quick start, step one, on a machine with only Node.js and npm: installs the pinned pnpm (from
// package.json's packageManager), the dependencies, then runs the main job (lint, bundle, generate, build)
// and ends with the demo: the stateful mock and the client, end to end, with no DingTalk account.
// Run it with `npm run setup`.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager;
const version = pinned.replace(/^pnpm@/, '');

let installed = '';
try {
  installed = execSync('pnpm --version', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // pnpm is not installed yet.
}
// corepack's signature check fails against this registry, so pnpm comes from npm.
if (installed !== version) run(`npm install --global pnpm@${version}`);

run('pnpm install --frozen-lockfile');

// The docs' browser test drives Debian's Chromium (never a downloaded browser). Install it when apt can.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium from Debian for the docs browser test…');
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    console.warn(
      `No ${CHROMIUM}: the docs browser test will fail until you install it (apt-get install -y chromium).`,
    );
  }
}
run('pnpm run lint');
run('pnpm run build');
run('pnpm run demo');
