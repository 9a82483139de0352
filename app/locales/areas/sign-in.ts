// UI strings of the sign-in paths (first admin, throttling, reset links), in both languages;
// en.ts and zh-CN.ts take them in whole, so every English key here needs a Chinese text.
export const signInEn = {
  "audit.action.user.admin_created": "Vendor admin created from the command line",
};

export const signInZhCN: Record<keyof typeof signInEn, string> = {
  "audit.action.user.admin_created": "通过命令行创建厂商管理员",
};
