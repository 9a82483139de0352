// UI strings for naming regions and product lines in both languages; en.ts and
// zh-CN.ts take them in whole, so the English keys defined here must all have a Chinese text.
export const referenceNamesEn = {
  "referenceNames.nameEn": "Name (English)",
  "referenceNames.nameZh": "Name (Chinese)",
  "referenceNames.nameZhHint": "Shown to users who read the portal in Chinese; left empty, they see the English name.",
  "productLines.title": "Product lines",
  "productLines.intro": "A product line groups products; partners are certified for product lines and leads ask for one.",
  "productLines.new": "New product line",
  "productLines.saved": "Product line saved.",
  "audit.action.product_line.create": "Product line created",
  "audit.action.product_line.update": "Product line updated",
};

export const referenceNamesZhCN: Record<keyof typeof referenceNamesEn, string> = {
  "referenceNames.nameEn": "名称（英文）",
  "referenceNames.nameZh": "名称（中文）",
  "referenceNames.nameZhHint": "以中文使用门户的用户看到此名称；留空时显示英文名称。",
  "productLines.title": "产品线",
  "productLines.intro": "产品线用于归类产品；合作伙伴按产品线获得认证，线索也指明一条产品线。",
  "productLines.new": "新建产品线",
  "productLines.saved": "产品线已保存。",
  "audit.action.product_line.create": "创建产品线",
  "audit.action.product_line.update": "更新产品线",
};
