// workerd runs the program bundled (esbuild, browser conditions): POST the URLs, get the result.
import { run } from './program.mjs';

export default {
  async fetch(request) {
    return Response.json({ runtime: 'workerd', result: await run(await request.json()) });
  },
};
