// Campaign kits on screen: their status badges, the text of a kit in the reader's language, and
// the kit form shared by the new and edit pages.
import { Form, useNavigation } from "@remix-run/react";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { CURRENCIES } from "~/lib/money";
import { Badge } from "~/components/Page";
import { CheckboxGroup, FormErrorSummary, SelectField, TextAreaField, TextField } from "~/components/fields";
import { KIT_ACTIVITY_TYPES, PARTNER_TYPES, TIERS, type AdoptionStatus, type KitStatus } from "../../db/types";
import type { FieldErrors } from "~/lib/forms";

const KIT_TONES: Record<KitStatus, string> = { draft: "applied", published: "active", closed: "registered" };
const ADOPTION_TONES: Record<AdoptionStatus, string> = {
  invited: "invited",
  adopted: "silver",
  running: "active",
  reported: "gold",
  closed: "platinum",
  declined: "registered",
};

export function KitStatusBadge({ status }: { status: KitStatus }) {
  const t = useT();
  return <Badge tone={KIT_TONES[status]}>{t(`campaigns.status.${status}`)}</Badge>;
}

export function AdoptionStatusBadge({ status }: { status: AdoptionStatus }) {
  const t = useT();
  return <Badge tone={ADOPTION_TONES[status]}>{t(`campaigns.adoptionStatus.${status}`)}</Badge>;
}

/** A text the vendor wrote in both languages, in the reader's: the English one where the Chinese is empty. */
export function useKitText() {
  const locale = useLocale();
  return (en: string | null, zh: string | null) => (locale === "zh-CN" && zh ? zh : (en ?? ""));
}

interface Choice {
  id: number;
  name: string;
  name_zh: string | null;
}

export interface KitFormChoices {
  assets: { id: number; kind: string; title: string; title_zh: string; status: string }[];
  regions: Choice[];
  lines: Choice[];
}

export function KitForm({
  choices,
  errors,
  values,
  submitLabel,
  intent,
}: {
  choices: KitFormChoices;
  errors: FieldErrors;
  values: Record<string, string | string[]>;
  submitLabel: string;
  intent?: string;
}) {
  const t = useT();
  const message = useMessage();
  const text = useKitText();
  const busy = useNavigation().state === "submitting";
  const one = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  const many = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v : [];
  };
  const partnerError = errors.partnerCodes ? message(errors.partnerCodes, { codes: errors.codes ?? "" }) : undefined;
  const budgetError = errors.budget ? message(errors.budget, { used: errors.used ?? "" }) : undefined;
  return (
    <Form method="post" className="form-grid deal-form" noValidate>
      {intent && <input type="hidden" name="intent" value={intent} />}
      <FormErrorSummary errors={errors} />
      <fieldset className="form-section">
        <legend>{t("campaigns.form.brief")}</legend>
        <TextField name="title" label={t("campaigns.field.title")} required defaultValue={one("title")} error={errors.title} />
        <TextField name="titleZh" label={t("campaigns.field.titleZh")} defaultValue={one("titleZh")} error={errors.titleZh} />
        <TextAreaField name="goal" label={t("campaigns.field.goal")} defaultValue={one("goal")} error={errors.goal} />
        <TextAreaField name="goalZh" label={t("campaigns.field.goalZh")} defaultValue={one("goalZh")} error={errors.goalZh} />
        <TextAreaField name="audience" label={t("campaigns.field.audience")} defaultValue={one("audience")} error={errors.audience} />
        <TextAreaField name="audienceZh" label={t("campaigns.field.audienceZh")} defaultValue={one("audienceZh")} error={errors.audienceZh} />
        <TextAreaField name="brief" label={t("campaigns.field.brief")} rows={6} defaultValue={one("brief")} error={errors.brief} />
        <TextAreaField name="briefZh" label={t("campaigns.field.briefZh")} rows={6} defaultValue={one("briefZh")} error={errors.briefZh} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("campaigns.form.activity")}</legend>
        <SelectField
          name="activityType"
          label={t("campaigns.field.activityType")}
          required
          emptyLabel=""
          defaultValue={one("activityType")}
          error={errors.activityType}
          options={KIT_ACTIVITY_TYPES.map((a) => ({ value: a, label: t(`campaigns.activity.${a}`) }))}
        />
        <TextField name="startsOn" label={t("campaigns.field.startsOn")} type="date" required defaultValue={one("startsOn")} error={errors.startsOn} />
        <TextField name="endsOn" label={t("campaigns.field.endsOn")} type="date" required defaultValue={one("endsOn")} error={errors.endsOn} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("campaigns.form.eligibility")}</legend>
        <p className="hint">{t("campaigns.form.eligibilityHint")}</p>
        <CheckboxGroup
          name="tiers"
          label={t("campaigns.field.tiers")}
          defaultValues={many("tiers")}
          error={errors.tiers}
          options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))}
        />
        <CheckboxGroup
          name="partnerTypes"
          label={t("campaigns.field.partnerTypes")}
          defaultValues={many("partnerTypes")}
          error={errors.partnerTypes}
          options={PARTNER_TYPES.map((type) => ({ value: type, label: t(`partnerType.${type}`) }))}
        />
        <CheckboxGroup
          name="regionIds"
          label={t("campaigns.field.regions")}
          defaultValues={many("regionIds")}
          error={errors.regionIds}
          options={choices.regions.map((r) => ({ value: r.id, label: text(r.name, r.name_zh) }))}
        />
        <CheckboxGroup
          name="productLineIds"
          label={t("campaigns.field.productLines")}
          defaultValues={many("productLineIds")}
          error={errors.productLineIds}
          options={choices.lines.map((l) => ({ value: l.id, label: text(l.name, l.name_zh) }))}
        />
        <TextAreaField
          name="partnerCodes"
          label={t("campaigns.field.partnerCodes")}
          hint={t("campaigns.field.partnerCodesHint")}
          defaultValue={one("partnerCodes")}
          error={partnerError}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("campaigns.form.money")}</legend>
        <TextField
          name="vendorSharePct"
          label={t("campaigns.field.vendorSharePct")}
          required
          inputMode="decimal"
          defaultValue={one("vendorSharePct")}
          error={errors.vendorSharePct}
        />
        <TextField
          name="perPartnerCap"
          label={t("campaigns.field.perPartnerCap")}
          required
          inputMode="decimal"
          defaultValue={one("perPartnerCap")}
          error={errors.perPartnerCap}
        />
        <SelectField
          name="currency"
          label={t("campaigns.field.currency")}
          required
          defaultValue={one("currency") || "USD"}
          error={errors.currency}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
        <TextField
          name="budget"
          label={t("campaigns.field.budget")}
          hint={t("campaigns.field.budgetHint")}
          inputMode="decimal"
          defaultValue={one("budget")}
          error={budgetError}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("campaigns.form.measures")}</legend>
        <TextField
          name="targetLeads"
          label={t("campaigns.field.targetLeads")}
          inputMode="numeric"
          defaultValue={one("targetLeads")}
          error={errors.targetLeads}
        />
        <TextField
          name="targetDeals"
          label={t("campaigns.field.targetDeals")}
          inputMode="numeric"
          defaultValue={one("targetDeals")}
          error={errors.targetDeals}
        />
        <TextField
          name="targetSellThrough"
          label={t("campaigns.field.targetSellThrough")}
          inputMode="decimal"
          defaultValue={one("targetSellThrough")}
          error={errors.targetSellThrough}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("campaigns.form.assets")}</legend>
        {choices.assets.length === 0 ? (
          <p className="muted">{t("campaigns.form.noAssets")}</p>
        ) : (
          <CheckboxGroup
            name="assetIds"
            label={t("campaigns.field.assets")}
            defaultValues={many("assetIds")}
            error={errors.assetIds}
            options={choices.assets.map((a) => ({ value: a.id, label: `${text(a.title, a.title_zh)} (${a.kind})` }))}
          />
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
