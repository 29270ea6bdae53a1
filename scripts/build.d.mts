export function buildDist(options?: { quiet?: boolean }): Promise<{ files: number }>;
