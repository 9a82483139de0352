// How each figure is defined, as the line under it says (components/FigureNote.tsx), in both
// languages. One text per figure, used on every screen that shows it.
export const figuresEn = {
  "figures.sellThroughYear":
    "Sell-through reported by distributors, {from} to {to}, in {base}: each distributor's month converted at that month's rate and rounded once.",
  "figures.lastTwelveMonths": "Last twelve complete months, {from} to {to}, in {base} at each month's rate.",
  "figures.partnerSellThrough":
    "A distributor's: everything it reported (its resellers' sales included); a reseller's: every line naming it. Last twelve complete months, {from} to {to}, in {base} at each month's rate.",
  "figures.openPipeline":
    "Registrations submitted, waiting for information or approved; at the registered (discounted) price; in {base} at the {period} rates.",
  "figures.openPipelineAmounts": "In their own currencies: {amounts}",
  "figures.missingRates": "No {period} exchange rate for {currencies}: the total in {base} is unknown until one is entered.",
  "figures.targetsTotal":
    "Partners with a target for {quarter}: their sell-through so far, each sale counted once (a reseller's sales through a listed distributor are in the distributor's figure), in {base}.",
  "figures.reportTotal": "The sum of the rows below: each distributor's month converted at that month's rate and rounded to the cent once.",
  "figures.onTime": "Months reported by day {day} of the following month, of the months due among the last {months} complete months.",
  "figures.pareto": "Distributors' sell-through over the last twelve complete months, {from} to {to}, in {base}.",
  "figures.tierWindow": "Sell-through over the last twelve complete months, {from} to {to}; won deals since {since}.",
  "figures.since": "Since {since} (the first day of the twelve months) to today, as the list it links to.",
};

export const figuresZhCN: Record<keyof typeof figuresEn, string> = {
  "figures.sellThroughYear": "分销商报告的终端销售，{from} 至 {to}，以 {base} 计：每家分销商每月按当月汇率折算，只取整一次。",
  "figures.lastTwelveMonths": "最近十二个完整月份，{from} 至 {to}，以 {base} 按各月汇率计。",
  "figures.partnerSellThrough":
    "分销商：其报告的全部销售（含其经销商的销售）；经销商：所有注明该经销商的行。最近十二个完整月份，{from} 至 {to}，以 {base} 按各月汇率计。",
  "figures.openPipeline": "已提交、待补充信息或已批准的报备；按报备（折扣后）价格；以 {base} 按 {period} 汇率计。",
  "figures.openPipelineAmounts": "按原币种：{amounts}",
  "figures.missingRates": "{currencies} 缺少 {period} 的汇率：在录入汇率之前，以 {base} 计的合计未知。",
  "figures.targetsTotal": "{quarter} 设有目标的合作伙伴：其迄今的终端销售，每笔销售只计一次（经销商通过所列分销商的销售已计入该分销商），以 {base} 计。",
  "figures.reportTotal": "下方各行之和：每家分销商每月按当月汇率折算并只取整到分一次。",
  "figures.onTime": "在次月 {day} 日前报告的月份，占最近 {months} 个完整月份中已到期月份的比例。",
  "figures.pareto": "各分销商最近十二个完整月份的终端销售，{from} 至 {to}，以 {base} 计。",
  "figures.tierWindow": "最近十二个完整月份的终端销售，{from} 至 {to}；自 {since} 起的赢单商机数。",
  "figures.since": "自 {since}（十二个月的第一天）至今，与所链接的列表一致。",
};
