// Prism's data generator requires `@faker-js/faker` 6, whose entry point loads all ~60 locales (9.6 MB of
// CommonJS, about a second) though Prism only ever reads its default English instance, and only in dynamic
// mode. Before Prism loads, this puts a stand-in for that one module in the require cache whose `default`
// (and `faker`) is Faker's English-only build, loaded on first use. It changes nothing when Faker is
// already loaded or cannot be found.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function useEnglishOnlyFaker(): void {
  let fromPrism: NodeJS.Require;
  let fakerPath: string;
  try {
    fromPrism = createRequire(require.resolve('@stoplight/prism-http'));
    fakerPath = fromPrism.resolve('@faker-js/faker');
  } catch {
    return;
  }
  if (require.cache[fakerPath]) return;
  const english = () => (fromPrism('@faker-js/faker/locale/en') as { faker: unknown }).faker;
  const exports = {
    __esModule: true,
    get default() {
      return english();
    },
    get faker() {
      return english();
    },
  };
  require.cache[fakerPath] = {
    id: fakerPath,
    filename: fakerPath,
    loaded: true,
    exports,
  } as NodeJS.Module;
}
