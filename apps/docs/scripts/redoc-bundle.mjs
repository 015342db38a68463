// Redoc's standalone bundle as the page ships it, with these patches, each checked to apply exactly once
// (a Redoc update that moves the code fails the build instead of silently dropping a patch):
// - its footer logo, the bundle's only remote resource, becomes an inline image, so the page makes no
//   network request at all;
// - its search (lunr, in a web worker started from a blob: URL) drops stop words from the query, as its
//   index already dropped them from the text: otherwise "or", "in" or "an" become `*or*`-style wildcards
//   that match inside most words, and "Copy a file or folder" listed copyDentry 47th of 59;
// - an operation's title (its summary) weighs ten times its description, so typing a summary lists that
//   operation first rather than one whose long description repeats the words;
// - the words it highlights in the text around the search result skip those of one or two letters: it
//   highlighted every "a" of "Copy a file or folder".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const PATCHES = [
  {
    why: 'the footer logo',
    from: 'https://cdn.redoc.ly/redoc/logo-mini.svg',
    to: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%221%22 height=%221%22/%3E',
  },
  {
    // `l` turns a query word into a lunr wildcard term; `e` is lunr there.
    why: 'stop words in search queries',
    from: 'return"*"+e.stemmer(r)+"*"}',
    to: 'return e.stopWordFilter(r)?"*"+e.stemmer(r)+"*":""}',
  },
  {
    why: 'empty search terms',
    from: 'const r=l(e);t.term(r,{})',
    to: 'const r=l(e);r&&t.term(r,{})',
  },
  {
    why: 'the weight of titles in search',
    from: 'i.field("title")',
    to: 'i.field("title",{boost:10})',
  },
  {
    // Redoc's MarkerService.mark, calling mark.js (whose `filter` gets each word it is about to mark).
    why: 'highlighting one- and two-letter words',
    from: 't.mark(e||this.prevTerm)',
    to: 't.mark(e||this.prevTerm,{filter:(n,w)=>w.length>2})',
  },
];

/** The patched text of redoc.standalone.js; throws naming the patch that no longer applies. */
export function patchedRedoc() {
  let bundle = readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
  for (const { why, from, to, count = 1 } of PATCHES) {
    const found = bundle.split(from).length - 1;
    if (found !== count) {
      throw new Error(
        `redoc.standalone.js has ${found} (not ${count}) of ${JSON.stringify(from)} (${why}): review redoc-bundle.mjs`,
      );
    }
    bundle = bundle.replaceAll(from, to);
  }
  return bundle;
}
