// Prism's data generator requires `@faker-js/faker` 6, whose entry point loads all ~60 locales (9.6 MB of
// CommonJS, about a second) though Prism only ever reads its default English instance, and only in dynamic
// mode. While Prism loads, a stand-in for that one module sits in the require cache; its `default` (and
// `faker`) is Faker's English-only build, loaded on first use. Prism requires Faker once, at load, so the
// stand-in is taken out of the cache again right after: nothing else in the process sees it. It changes
// nothing when Faker is already loaded or cannot be found.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Runs `load` (the import of Prism's modules) with the English-only Faker in place, then removes it. */
export async function withEnglishOnlyFaker<T>(load: () => Promise<T>): Promise<T> {
  let fromPrism: NodeJS.Require;
  let fakerPath: string;
  try {
    fromPrism = createRequire(require.resolve('@stoplight/prism-http'));
    fakerPath = fromPrism.resolve('@faker-js/faker');
  } catch {
    return load();
  }
  if (require.cache[fakerPath]) return load();
  const english = () => (fromPrism('@faker-js/faker/locale/en') as { faker: unknown }).faker;
  const standIn = {
    id: fakerPath,
    filename: fakerPath,
    loaded: true,
    exports: {
      __esModule: true,
      get default() {
        return english();
      },
      get faker() {
        return english();
      },
    },
  } as NodeJS.Module;
  require.cache[fakerPath] = standIn;
  try {
    return await load();
  } finally {
    if (require.cache[fakerPath] === standIn) delete require.cache[fakerPath];
  }
}
