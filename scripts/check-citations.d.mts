// Types of check-citations.mjs for its test: every bad citation under root, as 'FILE:LINE: why'.
export function findBadCitations(root: string): string[];
