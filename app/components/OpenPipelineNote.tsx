// What the open pipeline counts (figures/open-pipeline.server.ts), its amounts in their own
// currencies, and any currency whose rate is missing: the same text on the home page, the
// scorecard and the pipeline page.
import { useLocale, useT } from "~/lib/i18n-react";
import { formatMoney } from "~/lib/format";

interface PipelineFigure {
  base: string;
  ratePeriod: string;
  amounts: { currency: string; amount: string }[];
  missingRates: string[];
}

export function OpenPipelineNote({ pipeline }: { pipeline: PipelineFigure }) {
  const t = useT();
  const locale = useLocale();
  const { base, ratePeriod: period } = pipeline;
  return (
    <>
      {t("figures.openPipeline", { base, period })}
      {pipeline.amounts.length > 0 && (
        <> {t("figures.openPipelineAmounts", { amounts: pipeline.amounts.map((a) => formatMoney(a.amount, a.currency, locale)).join(" · ") })}</>
      )}
      {pipeline.missingRates.length > 0 && (
        <>
          {" "}
          <strong className="figure-unknown">{t("figures.missingRates", { period, currencies: pipeline.missingRates.join(", "), base })}</strong>
        </>
      )}
    </>
  );
}
