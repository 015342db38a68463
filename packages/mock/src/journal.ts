// The journal of requests the mock answered, bounded by entries and by bytes, so a mock left running (or
// sent a thousand 1 MB bodies) stays small. It keeps each body as text, its first MAX_JOURNAL_BODY_BYTES
// bytes, never a parsed copy (a 1 MB `[{},{},…]` parsed costs ~21 MiB of heap); it is parsed when the
// journal is read, where it is whole JSON no deeper than MAX_JSON_DEPTH, so a read never breaks.
import { jsonDepth, MAX_JSON_DEPTH } from './exact-json.js';
import type { JournalEntry } from './generated/admin-api.js';

/** The most journal entries kept; older ones are dropped, so a mock left running in CI stays bounded. */
export const MAX_JOURNAL_ENTRIES = 10_000;
/** The most bytes of one request body the journal keeps: its first bytes, the entry says how many it had. */
export const MAX_JOURNAL_BODY_BYTES = 65_536;
/**
 * The most bytes the journal holds: the bodies it keeps plus each entry's path, query and headers (as
 * JSON). Beyond it the oldest entries lose their bodies first (`bodyTruncated`), then the oldest entries go.
 */
export const MAX_JOURNAL_BYTES = 16_777_216;

/** A request as the front door saw it and what it answered; the journal adds the body fields. */
export type RequestRecord = Omit<JournalEntry, 'body' | 'bodyBytes' | 'bodyTruncated'>;

interface Journaled {
  entry: RequestRecord & Pick<JournalEntry, 'bodyBytes' | 'bodyTruncated'>;
  /** The body's first MAX_JOURNAL_BODY_BYTES bytes as text; undefined when empty or dropped. */
  text: string | undefined;
  /** The UTF-8 bytes of `text`. */
  textBytes: number;
  /** What the entry counts against MAX_JOURNAL_BYTES, text included. */
  bytes: number;
}

export interface Journal {
  /** Every entry, oldest first, as `mock.requests` and `GET /__mock/requests` show it. */
  entries(): JournalEntry[];
  /** Adds an answered request and its body; returns the entry as `entries()` shows it. */
  add(record: RequestRecord, body?: Uint8Array): JournalEntry;
  clear(): void;
}

export function createJournal(): Journal {
  const journal: Journaled[] = [];
  /** The entries still holding a body, oldest first: the first to lose it when bytes run out. */
  const withBodies: Journaled[] = [];
  let total = 0;

  const dropOldestEntry = () => {
    const oldest = journal.shift();
    if (!oldest) return;
    if (withBodies[0] === oldest) withBodies.shift();
    total -= oldest.bytes;
  };
  const dropOldestBody = () => {
    const oldest = withBodies.shift();
    if (!oldest) return false;
    total -= oldest.textBytes;
    oldest.bytes -= oldest.textBytes;
    oldest.text = undefined;
    oldest.textBytes = 0;
    oldest.entry.bodyTruncated = true;
    return true;
  };

  return {
    entries: () => journal.map(view),
    add(record, body) {
      const journaled = journaledOf(record, body);
      journal.push(journaled);
      if (journaled.text !== undefined) withBodies.push(journaled);
      total += journaled.bytes;
      if (journal.length > MAX_JOURNAL_ENTRIES) dropOldestEntry();
      while (total > MAX_JOURNAL_BYTES && journal.length) {
        if (!dropOldestBody()) dropOldestEntry();
      }
      return view(journaled);
    },
    clear() {
      journal.length = 0;
      withBodies.length = 0;
      total = 0;
    },
  };
}

function journaledOf(record: RequestRecord, body: Uint8Array | undefined): Journaled {
  const meta = JSON.stringify([record.path, record.query, record.headers]).length;
  if (!body?.length) return { entry: { ...record }, text: undefined, textBytes: 0, bytes: meta };
  const kept = body.subarray(0, MAX_JOURNAL_BODY_BYTES);
  // Streaming leaves out a character cut in two at the limit; a body that is not UTF-8 is kept with
  // replacement characters (the front door refused it).
  const text = new TextDecoder().decode(kept, { stream: kept.length < body.length });
  return {
    entry: { ...record, bodyBytes: body.length, bodyTruncated: kept.length < body.length },
    text,
    textBytes: kept.length,
    bytes: meta + kept.length,
  };
}

/** The entry as users read it: the body parsed when it is whole JSON no deeper than MAX_JSON_DEPTH. */
function view({ entry, text }: Journaled): JournalEntry {
  if (text === undefined) return { ...entry };
  return { ...entry, body: entry.bodyTruncated ? text : parsedOrText(text) };
}

function parsedOrText(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
