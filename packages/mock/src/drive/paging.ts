// Cursor paging for every list: items are sorted by a key and their id, and `nextToken` names the last
// item of the page, so the next page starts right after it. Every item present throughout is returned
// exactly once across pages, even when others are added or removed between calls (an offset would skip
// or repeat them).

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextToken?: string;
}

type Key = string | number;

/**
 * One page of `items` in `order` by `keyOf` then id, starting after `nextToken`; throws a TypeError for a
 * token this paging did not hand out.
 */
export function page<T extends { id: string }>(
  items: T[],
  {
    keyOf,
    order = 'ASC',
    maxResults,
    nextToken,
  }: { keyOf: (item: T) => Key; order?: 'ASC' | 'DESC'; maxResults: number; nextToken?: string | undefined },
): Page<T> {
  const sign = order === 'ASC' ? 1 : -1;
  const compare = (a: [Key, string], b: [Key, string]) =>
    sign * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const keyed = items.map((item) => ({ item, key: [keyOf(item), item.id] as [Key, string] }));
  keyed.sort((a, b) => compare(a.key, b.key));
  const after = nextToken ? decodeToken(nextToken) : undefined;
  const rest = after ? keyed.filter(({ key }) => compare(key, after) > 0) : keyed;
  const taken = rest.slice(0, maxResults);
  const last = taken.at(-1);
  return {
    items: taken.map(({ item }) => item),
    ...(rest.length > maxResults && last && { nextToken: encodeToken(last.key) }),
  };
}

function encodeToken(key: [Key, string]): string {
  return btoa(JSON.stringify(key)).replaceAll('=', '');
}

function decodeToken(token: string): [Key, string] {
  try {
    const key = JSON.parse(atob(token));
    if (Array.isArray(key) && key.length === 2 && typeof key[1] === 'string') return key as [Key, string];
  } catch {}
  throw new TypeError(
    'nextToken is not one this list handed out: pass the nextToken of the previous page, or none for the first',
  );
}
