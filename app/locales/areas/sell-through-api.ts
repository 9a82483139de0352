// UI strings of one area, in both languages; en.ts and zh-CN.ts take them in whole, so the
// English keys defined here must all have a Chinese text.
export const sellThroughApiEn = {} as const;

export const sellThroughApiZhCN: Record<keyof typeof sellThroughApiEn, string> = {};
