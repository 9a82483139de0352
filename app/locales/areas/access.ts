// UI strings of access and account state, in both languages; en.ts and zh-CN.ts take them in
// whole, so the English keys defined here must all have a Chinese text.
export const accessEn = {
  "login.suspended": "Your partner's access to the portal is suspended. Please contact your channel manager.",
  "errors.partnerSuspended": "This partner is suspended: nothing new can be created for it until it is active again.",
};

export const accessZhCN: Record<keyof typeof accessEn, string> = {
  "login.suspended": "贵合作伙伴的门户访问已被暂停，请联系您的渠道经理。",
  "errors.partnerSuspended": "该合作伙伴已被暂停：在恢复为活跃状态之前，不能为其创建任何新内容。",
};
