export function guideChapters(): { id: string; markdown: string }[];
export function markedExamples(
  markdown: string,
): { name: string; section: string | undefined; code: string }[];
