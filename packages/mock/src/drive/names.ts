// DingTalk's name rules and the free name AUTO_RENAME picks: `report.pdf` → `report(1).pdf`, a folder
// `Contracts` → `Contracts(1)`. The numbering style is this project's choice (DingTalk's documents do not
// show it).

/** Why DingTalk refuses a name (surrounding spaces are trimmed first), or undefined for a valid one. */
export function nameProblem(name: string): string | undefined {
  if (!name) return 'is empty';
  if (name.length > 255) return 'is longer than 255 characters';
  if (/[\t*"<>|/\\]/.test(name)) return 'contains a tab or one of * " < > | / \\';
  if (name.endsWith('.')) return 'ends with "."';
  return undefined;
}

/** The extension of a file name, without the dot; undefined when it has none. */
export function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1) : undefined;
}

/** The first of `name(1)`, `name(2)`, … (before a file's extension) that `taken` does not hold. */
export function freeName(name: string, type: 'FILE' | 'FOLDER', taken: (name: string) => boolean): string {
  const extension = type === 'FILE' ? extensionOf(name) : undefined;
  const stem = extension === undefined ? name : name.slice(0, -(extension.length + 1));
  const suffix = extension === undefined ? '' : `.${extension}`;
  for (let n = 1; ; n++) {
    const candidate = `${stem}(${n})${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}
