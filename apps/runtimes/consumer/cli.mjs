// Node.js, Bun and Deno run the program from the consumer's node_modules (the packed tarballs, installed):
// `<runtime> cli.mjs <stateful url> <prism url> <closed url>` prints one JSON line.
import { run, runtimeVersion } from './program.mjs';

const [stateful, prism, closed] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const result = await run({ stateful, prism, closed });
console.log(JSON.stringify({ runtime: runtimeVersion(), result }));
