import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { PARTNER_TYPES, TIERS } from "../../db/types";
import { CheckboxGroup, FormErrorSummary, SelectField, TextField } from "./fields";

export interface PartnerFormValues {
  code?: string;
  name?: string;
  type?: string;
  tier?: string;
  country?: string;
  regionId?: string | number | null;
  postcode?: string;
  capacity?: string | number;
  parentId?: string | number | null;
  channelManagerId?: string | number | null;
  productLineIds?: (string | number)[];
}

export interface PartnerFormOptions {
  distributors: { id: number; code: string; name: string }[];
  managers: { id: number; name: string; email: string }[];
  regions: { id: number; name: string }[];
  productLines: { id: number; name: string; name_zh: string | null }[];
}

export function PartnerForm({
  values,
  errors = {},
  options,
  submitLabel,
  intent,
}: {
  values: PartnerFormValues;
  errors?: Record<string, string>;
  options: PartnerFormOptions;
  submitLabel: string;
  intent?: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="form-grid" noValidate>
      {intent && <input type="hidden" name="intent" value={intent} />}
      <FormErrorSummary errors={errors} />
      <TextField name="code" label={t("common.code")} required defaultValue={values.code} error={errors.code} hint={t("partners.codeHint")} />
      <TextField name="name" label={t("common.name")} required defaultValue={values.name} error={errors.name} />
      <SelectField
        name="type"
        label={t("partners.type")}
        required
        defaultValue={values.type}
        error={errors.type}
        options={PARTNER_TYPES.map((v) => ({ value: v, label: t(`partnerType.${v}`) }))}
      />
      <SelectField
        name="tier"
        label={t("partners.tier")}
        required
        defaultValue={values.tier ?? "registered"}
        error={errors.tier}
        options={TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) }))}
      />
      <TextField name="country" label={t("common.country")} required defaultValue={values.country} error={errors.country} hint={t("partners.countryHint")} />
      <SelectField
        name="regionId"
        label={t("partners.region")}
        defaultValue={values.regionId}
        error={errors.regionId}
        emptyLabel={t("partners.noRegion")}
        options={options.regions.map((r) => ({ value: r.id, label: referenceName(locale, r) }))}
      />
      <TextField name="postcode" label={t("partners.postcode")} defaultValue={values.postcode} error={errors.postcode} />
      <TextField
        name="capacity"
        label={t("partners.capacity")}
        required
        type="number"
        inputMode="numeric"
        defaultValue={values.capacity ?? 25}
        error={errors.capacity}
      />
      <SelectField
        name="parentId"
        label={t("partners.parent")}
        defaultValue={values.parentId}
        error={errors.parentId}
        emptyLabel={t("partners.noParent")}
        options={options.distributors.map((d) => ({ value: d.id, label: `${d.name} (${d.code})` }))}
      />
      <SelectField
        name="channelManagerId"
        label={t("partners.manager")}
        defaultValue={values.channelManagerId}
        error={errors.channelManagerId}
        emptyLabel={t("partners.noManager")}
        options={options.managers.map((m) => ({ value: m.id, label: `${m.name} <${m.email}>` }))}
      />
      <CheckboxGroup
        name="productLineIds"
        label={t("partners.productLines")}
        defaultValues={values.productLineIds ?? []}
        error={errors.productLineIds}
        options={options.productLines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
