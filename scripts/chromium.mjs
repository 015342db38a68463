// Debian's Chromium (never a downloaded browser), started headless by playwright-core with the flags this
// machine needs: no sandbox as root, and no background networking (the closed network refuses it). Used by
// the docs test and the mock's CORS test, which pass in their own playwright-core (the repository root
// does not depend on it).
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(chromium) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
