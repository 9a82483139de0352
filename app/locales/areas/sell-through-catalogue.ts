// UI strings of the catalogue lookup while reporting sell-through, and of reseller names
// answered "a direct sale", in both languages; en.ts and zh-CN.ts take them in whole.
export const sellThroughCatalogueEn = {
  "sellThroughCatalogue.title": "Look up the catalogue",
  "sellThroughCatalogue.intro": "Find a product by the start of its SKU or by words of its name. Only active products are listed.",
  "sellThroughCatalogue.query": "SKU or product name",
  "sellThroughCatalogue.search": "Search",
  "sellThroughCatalogue.sku": "SKU",
  "sellThroughCatalogue.name": "Product",
  "sellThroughCatalogue.productLine": "Product line",
  "sellThroughCatalogue.noMatches": "No active product matches “{query}”.",
  "sellThroughCatalogue.someMatches": "The first {count} {count|match|matches}; type more to narrow them down.",
  "sellThroughCatalogue.openLookup": "Look up the catalogue (opens in a new tab)",
  "sellThroughCatalogue.suggestions": "SKU suggestions",
  "sellThroughCatalogue.directSale": "{name}: a direct sale, not one of our partners",
  "sellThroughCatalogue.directSaleShort": "Direct sale",
  "sellThroughCatalogue.directSaleHint":
    "A reseller name can also be answered as a direct sale: its rows are then accepted as your own direct sales, with the name kept as written, and later reports are not asked about it again.",
  "sellThroughCatalogue.errors.directSaleNameTooLong": "A reseller name answered as a direct sale can be at most 200 characters long.",
  "sellThroughCatalogue.errors.directSaleNotAsked": "Answer only the reseller names this file's rows were rejected for.",
} as const;

export const sellThroughCatalogueZhCN: Record<keyof typeof sellThroughCatalogueEn, string> = {
  "sellThroughCatalogue.title": "查询产品目录",
  "sellThroughCatalogue.intro": "按 SKU 开头或产品名称中的词查找产品。只列出有效的产品。",
  "sellThroughCatalogue.query": "SKU 或产品名称",
  "sellThroughCatalogue.search": "查询",
  "sellThroughCatalogue.sku": "SKU",
  "sellThroughCatalogue.name": "产品",
  "sellThroughCatalogue.productLine": "产品线",
  "sellThroughCatalogue.noMatches": "没有与“{query}”匹配的有效产品。",
  "sellThroughCatalogue.someMatches": "前 {count} 个匹配结果；输入更多内容以缩小范围。",
  "sellThroughCatalogue.openLookup": "查询产品目录（在新标签页中打开）",
  "sellThroughCatalogue.suggestions": "SKU 建议",
  "sellThroughCatalogue.directSale": "{name}：直接销售，不是我们的合作伙伴",
  "sellThroughCatalogue.directSaleShort": "直接销售",
  "sellThroughCatalogue.directSaleHint": "经销商名称也可以回答为直接销售：写有该名称的行将作为贵公司的直接销售被接受，名称按原样保留，以后的报告不会再问。",
  "sellThroughCatalogue.errors.directSaleNameTooLong": "作为直接销售回答的经销商名称最多 200 个字符。",
  "sellThroughCatalogue.errors.directSaleNotAsked": "只能回答本文件中被拒绝的行所写的经销商名称。",
};
