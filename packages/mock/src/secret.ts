// Comparing a secret someone sent (an app's secret, the admin token) with the real one without an early
// exit: both are hashed with SHA-256 and the digests compared to the last byte, so how long a comparison
// takes says nothing about how much of a guess was right, nor about the secret's length. Web Crypto, not
// node:crypto: the same code runs in a browser under MSW.
const utf8 = new TextEncoder();

const sha256 = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(text)));

/** Whether `given` is `expected`, in time that does not depend on where they differ. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
