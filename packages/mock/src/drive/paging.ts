// Cursor paging for every list: items are sorted by a key and their id, and `nextToken` names the list and
// order it came from and the last item of the page, so the next page starts right after it. Every item
// present throughout is returned exactly once across pages, even when others are added or removed between
// calls (an offset would skip or repeat them); a token of another list or order is refused.

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextToken?: string;
}

type Key = string | number;

/**
 * One page of `items` in `order` by `keyOf` then id, starting after `nextToken`; throws a TypeError for a
 * token this paging did not hand out for the same `list` (what is listed, e.g. `dentries:0:NAME`) and order.
 */
export function page<T extends { id: string }>(
  items: T[],
  {
    list,
    keyOf,
    order = 'ASC',
    maxResults,
    nextToken,
  }: {
    list: string;
    keyOf: (item: T) => Key;
    order?: 'ASC' | 'DESC';
    maxResults: number;
    nextToken?: string | undefined;
  },
): Page<T> {
  const listed = `${list}:${order}`;
  const sign = order === 'ASC' ? 1 : -1;
  const compare = (a: [Key, string], b: [Key, string]) =>
    sign * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const keyed = items.map((item) => ({ item, key: [keyOf(item), item.id] as [Key, string] }));
  keyed.sort((a, b) => compare(a.key, b.key));
  const after = nextToken ? decodeToken(nextToken, listed) : undefined;
  const rest = after ? keyed.filter(({ key }) => compare(key, after) > 0) : keyed;
  const taken = rest.slice(0, maxResults);
  const last = taken.at(-1);
  return {
    items: taken.map(({ item }) => item),
    ...(rest.length > maxResults && last && { nextToken: encodeToken(listed, last.key) }),
  };
}

function encodeToken(listed: string, key: [Key, string]): string {
  return toBase64Url(JSON.stringify([listed, ...key]));
}

function decodeToken(token: string, listed: string): [Key, string] {
  try {
    const [from, key, id] = JSON.parse(fromBase64Url(token));
    if (from === listed && (typeof key === 'string' || typeof key === 'number') && typeof id === 'string') {
      return [key, id];
    }
  } catch {}
  throw new TypeError(
    'nextToken is not one this list handed out for this order: pass the nextToken of the previous page, or none for the first',
  );
}

/** URL-safe base64 of UTF-8 text (names may be any text), no padding. */
function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

function fromBase64Url(token: string): string {
  const binary = atob(token.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
