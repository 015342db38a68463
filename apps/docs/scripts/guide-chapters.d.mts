export function guideChapters(): { id: string; markdown: string }[];
