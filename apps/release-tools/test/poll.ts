// Waiting for a clean-up without racing it: poll until nothing is found, within a deadline that only a
// real leak reaches (removing a copy's node_modules takes seconds on a busy machine).

/** Polls `look` until it finds nothing or `ms` have passed; resolves to what it last found. */
export async function within(ms: number, look: () => string[]): Promise<string[]> {
  let found = look();
  for (let waited = 0; waited < ms && found.length; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    found = look();
  }
  return found;
}
