// Chromium runs the program bundled (esbuild, browser conditions) in a page: `await window.run(urls)`.
import { run } from './program.mjs';

window.run = run;
