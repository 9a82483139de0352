// The Chinese glossary: one term per concept of the portal, which every Chinese message follows
// (test/unit/glossary.test.ts checks the catalogs against it). When a translator writes a new
// message, the term comes from here; a new concept gets a row here first.
export type GlossaryEntry = {
  concept: string;
  /** How the English catalog names the concept (placeholders such as {tier} are not names). */
  en: RegExp;
  /** The one Chinese term for it. */
  zh: string;
  /** Words that must not stand for this concept. A message may still hold one when its English names
   *  the concept whose term it is (经销商 is the reseller, 交易 a transaction). */
  avoid: string[];
  /** The English naming the concept means the Chinese holds the term; off where English uses the
   *  word for something else too (a "quarter of the time", column names in a CSV hint). */
  required: boolean;
  /** Why this term, when there was a choice. */
  why?: string;
};

export const glossary: GlossaryEntry[] = [
  { concept: "partner", en: /\bpartners?\b/i, zh: "合作伙伴", avoid: ["合作方", "渠道商", "渠道伙伴"], required: false },
  {
    concept: "distributor",
    en: /\bdistributors?\b/i,
    zh: "分销商",
    avoid: ["经销商", "总代", "批发商"],
    required: true,
    why: "分销商 sells to resellers; 经销商 is kept for the reseller, so the two tiers of the channel never share a word.",
  },
  {
    concept: "reseller",
    en: /\bresellers?\b/i,
    zh: "经销商",
    avoid: ["分销商", "转售商"],
    required: true,
    why: "The reseller sells to the end customer; 分销商 is the distributor.",
  },
  { concept: "agent", en: /\bagents?\b/i, zh: "代理商", avoid: [], required: true },
  {
    concept: "lead",
    en: /\bleads?\b/i,
    zh: "线索",
    avoid: ["商机", "潜在客户"],
    required: true,
    why: "商机 is the registered deal; a lead is only a contact to follow up.",
  },
  {
    concept: "deal",
    en: /\bdeals?\b/i,
    zh: "商机",
    avoid: ["交易"],
    required: true,
    why: "商机 is what Chinese channel programmes register (商机报备); 交易 is kept for a sale's transaction.",
  },
  { concept: "transaction (one sale on an invoice)", en: /\btransactions?\b/i, zh: "交易", avoid: [], required: true },
  {
    concept: "deal registration / register a deal",
    en: /\bregistration|\bregister(ed|s|ing)?\b/i,
    zh: "报备",
    avoid: ["注册", "登记"],
    required: false,
    why: "报备 is the word of Chinese channel programmes; 注册 reads as signing up an account. Not required: 'Registered' is also a tier's name.",
  },
  {
    concept: "Registered (the entry tier)",
    en: /^Registered$/,
    zh: "注册级",
    avoid: [],
    required: false,
    why: "Not required: a date column is also called Registered.",
  },
  {
    concept: "sell-through",
    en: /\bsell-through\b/i,
    zh: "终端销售",
    avoid: ["销售数据", "销售报告", "（Sell-through）"],
    required: true,
    why: "What distributors report they sold on; 销售数据 or a bare 销售额 read as any sales figure.",
  },
  {
    concept: "co-marketing funds (MDF and co-op together)",
    en: /\bco-marketing\b/i,
    zh: "联合营销基金",
    avoid: [],
    required: true,
  },
  {
    concept: "MDF (market development funds)",
    en: /\bMDF\b/,
    zh: "MDF",
    avoid: ["市场发展基金", "市场开发基金"],
    required: true,
    why: "Kept as the acronym, as partners say it.",
  },
  {
    concept: "co-op fund",
    en: /\bco-op\b/i,
    zh: "合作基金",
    avoid: ["联合营销基金"],
    required: true,
    why: "联合营销基金 is the name of both kinds together; co-op is one kind.",
  },
  {
    concept: "accrual (co-op earned on sell-through)",
    en: /\baccru/i,
    zh: "计提",
    avoid: ["累计"],
    required: true,
    why: "累计 means a running total (cumulative share).",
  },
  { concept: "cumulative", en: /\bcumulative\b/i, zh: "累计", avoid: [], required: true },
  { concept: "claim", en: /\bclaims?\b/i, zh: "报销", avoid: ["索赔", "理赔", "申领"], required: true },
  { concept: "channel manager", en: /\bchannel managers?\b/i, zh: "渠道经理", avoid: ["渠道管理员", "客户经理"], required: true },
  { concept: "tier", en: /\btiers?\b/i, zh: "等级", avoid: ["级别"], required: true },
  { concept: "scorecard", en: /\bscorecards?\b/i, zh: "记分卡", avoid: ["计分卡", "评分卡"], required: true },
  {
    concept: "submission (one month's report as sent)",
    en: /\bsubmissions?\b/i,
    zh: "提交记录",
    avoid: [],
    required: true,
    why: "A bare 提交 is the verb (submit, commit).",
  },
  { concept: "pipeline", en: /\bpipeline\b/i, zh: "商机管道", avoid: ["销售管道", "在途管道", "未结商机"], required: true },
  { concept: "SKU", en: /\bSKUs?\b/, zh: "SKU", avoid: ["产品编号", "料号", "货号"], required: true, why: "Distributors' files say SKU." },
  { concept: "end customer", en: /\bend (customers?\b|\{customers\|)/i, zh: "最终客户", avoid: ["终端客户", "最终用户", "终端用户"], required: true },
  { concept: "vendor", en: /\bvendor/i, zh: "厂商", avoid: ["供应商", "原厂"], required: true },
  { concept: "quarter", en: /\bquarters?\b/i, zh: "季度", avoid: [], required: false },
  { concept: "product line", en: /\bproduct lines?\b(?! item)/i, zh: "产品线", avoid: ["产品系列"], required: true },
  { concept: "currency", en: /\bcurrenc(y|ies)\b/i, zh: "币种", avoid: ["货币"], required: false },
  { concept: "base currency", en: /\bbase currency\b/i, zh: "本位币", avoid: ["基础货币", "基准货币"], required: true },
  { concept: "approve", en: /\bapprov/i, zh: "批准", avoid: ["核准"], required: false },
  { concept: "reject", en: /\breject/i, zh: "拒绝", avoid: ["驳回"], required: false },
];
