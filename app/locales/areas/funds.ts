// UI strings of one area, in both languages; en.ts and zh-CN.ts take them in whole, so the
// English keys defined here must all have a Chinese text.
export const fundsEn = {
  "funds.nav": "Funds",
} as const;

export const fundsZhCN: Record<keyof typeof fundsEn, string> = {
  "funds.nav": "市场基金",
};
