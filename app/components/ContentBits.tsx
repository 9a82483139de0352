// Building blocks of the content library pages: the asset form (new and edit), the badges,
// the version form and the download buttons.
import { Form } from "@remix-run/react";
import { useLocale, useMessage, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { COBRANDABLE_KINDS } from "~/modules/content/constants";
import { CONTENT_KINDS, PARTNER_TYPES, TIERS, type ContentKind, type ContentStatus } from "../../db/types";
import { Badge } from "./Page";
import { CheckboxGroup, FormErrorSummary, SelectField, TextAreaField, TextField, type FormFeedback } from "./fields";

const STATUS_TONES: Record<ContentStatus, string> = { draft: "invited", published: "active", archived: "deactivated" };

export function ContentStatusBadge({ status }: { status: ContentStatus }) {
  const t = useT();
  return <Badge tone={STATUS_TONES[status]}>{t(`content.status.${status}`)}</Badge>;
}

export function KindLabel({ kind }: { kind: ContentKind }) {
  const t = useT();
  return <span className="nowrap">{t(`content.kind.${kind}`)}</span>;
}

interface Choice {
  id: number;
  name: string;
  name_zh: string | null;
}

export interface AssetFormValues {
  kind?: ContentKind;
  title: string;
  titleZh: string;
  description: string;
  descriptionZh: string;
  coBrandable: boolean;
  tiers: string[];
  partnerTypes: string[];
  regionIds: (string | number)[];
  productLineIds: (string | number)[];
  validFrom: string;
  validUntil: string;
}

export const EMPTY_ASSET: AssetFormValues = {
  title: "",
  titleZh: "",
  description: "",
  descriptionZh: "",
  coBrandable: false,
  tiers: [],
  partnerTypes: [],
  regionIds: [],
  productLineIds: [],
  validFrom: "",
  validUntil: "",
};

/** What the form shows: what was typed when the server refused it, else the asset as stored. */
export function assetFormValues(stored: AssetFormValues, feedback: FormFeedback & { lists?: Record<string, string[]> }, refused: boolean): AssetFormValues {
  if (!refused) return stored;
  const v = feedback.values;
  const lists = feedback.lists ?? {};
  return {
    kind: (v.kind as ContentKind) ?? stored.kind,
    title: v.title ?? "",
    titleZh: v.titleZh ?? "",
    description: v.description ?? "",
    descriptionZh: v.descriptionZh ?? "",
    coBrandable: v.coBrandable === "1",
    tiers: lists.tiers ?? [],
    partnerTypes: lists.partnerTypes ?? [],
    regionIds: lists.regionIds ?? [],
    productLineIds: lists.productLineIds ?? [],
    validFrom: v.validFrom ?? "",
    validUntil: v.validUntil ?? "",
  };
}

/** The asset's fields: texts in both languages, the audience (empty = everyone) and validity. */
export function AssetForm({
  values,
  errors,
  regions,
  lines,
  intent,
  submitLabel,
  withKind,
}: {
  values: AssetFormValues;
  errors: Record<string, string>;
  regions: Choice[];
  lines: Choice[];
  intent?: string;
  submitLabel: string;
  withKind: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="form-grid card" noValidate>
      {intent && <input type="hidden" name="intent" value={intent} />}
      <FormErrorSummary errors={errors} />
      {withKind && (
        <SelectField
          name="kind"
          label={t("content.kindLabel")}
          required
          defaultValue={values.kind ?? "pdf"}
          error={errors.kind}
          options={CONTENT_KINDS.map((k) => ({ value: k, label: t(`content.kind.${k}`) }))}
        />
      )}
      <TextField name="title" label={t("content.titleEn")} required defaultValue={values.title} error={errors.title} />
      <TextField name="titleZh" label={t("content.titleZh")} defaultValue={values.titleZh} error={errors.titleZh} />
      <TextAreaField name="description" label={t("content.descriptionEn")} defaultValue={values.description} error={errors.description} maxLength={2000} />
      <TextAreaField
        name="descriptionZh"
        label={t("content.descriptionZh")}
        defaultValue={values.descriptionZh}
        error={errors.descriptionZh}
        maxLength={2000}
      />
      <div className={`field${errors.coBrandable ? " field-invalid" : ""}`}>
        <label className="checkbox">
          <input type="checkbox" name="coBrandable" value="1" defaultChecked={values.coBrandable} /> {t("content.coBrandable")}
        </label>
        <p className="hint">{t("content.coBrandableHint", { kinds: COBRANDABLE_KINDS.map((k) => t(`content.kind.${k}`)).join(", ") })}</p>
        {errors.coBrandable && <FieldMessage error={errors.coBrandable} />}
      </div>
      <p className="hint">{t("content.audienceHint")}</p>
      <CheckboxGroup
        name="tiers"
        label={t("content.tiers")}
        error={errors.tiers}
        defaultValues={values.tiers}
        options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))}
      />
      <CheckboxGroup
        name="partnerTypes"
        label={t("content.partnerTypes")}
        error={errors.partnerTypes}
        defaultValues={values.partnerTypes}
        options={PARTNER_TYPES.map((type) => ({ value: type, label: t(`partnerType.${type}`) }))}
      />
      <CheckboxGroup
        name="regionIds"
        label={t("content.regions")}
        error={errors.regionIds}
        defaultValues={values.regionIds}
        options={regions.map((r) => ({ value: r.id, label: referenceName(locale, r) }))}
      />
      <CheckboxGroup
        name="productLineIds"
        label={t("content.productLines")}
        error={errors.productLineIds}
        defaultValues={values.productLineIds}
        options={lines.map((l) => ({ value: l.id, label: referenceName(locale, l) }))}
      />
      <TextField name="validFrom" type="date" label={t("content.validFrom")} defaultValue={values.validFrom} error={errors.validFrom} />
      <TextField name="validUntil" type="date" label={t("content.validUntil")} defaultValue={values.validUntil} error={errors.validUntil} />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

function FieldMessage({ error }: { error: string }) {
  const message = useMessage();
  return (
    <p className="field-error" role="alert">
      {message(error)}
    </p>
  );
}

/** The form of a new version, shaped by the asset's kind: a file, a link, or a text in both languages. */
export function VersionForm({ kind, feedback }: { kind: ContentKind; feedback: FormFeedback }) {
  const t = useT();
  const { errors, values } = feedback;
  const file = kind === "pdf" || kind === "image" || kind === "slides";
  const accept = kind === "pdf" ? ".pdf,application/pdf" : kind === "image" ? ".png,.jpg,.jpeg,image/png,image/jpeg" : ".pptx,.pdf";
  return (
    <Form method="post" encType={file ? "multipart/form-data" : undefined} className="form-grid" noValidate>
      <input type="hidden" name="intent" value="version" />
      <FormErrorSummary errors={errors} />
      {file && (
        <div className={`field${errors.file ? " field-invalid" : ""}`}>
          <label htmlFor="f-file">{t("content.file")}</label>
          <input id="f-file" type="file" name="file" accept={accept} aria-invalid={errors.file ? true : undefined} aria-describedby="f-file-hint" />
          <p className="hint" id="f-file-hint">
            {t(`content.fileHint.${kind}`)}
          </p>
          {errors.file && <FieldMessage error={errors.file} />}
        </div>
      )}
      {kind === "video_link" && <TextField name="url" type="url" label={t("content.videoUrl")} required defaultValue={values.url} error={errors.url} />}
      {kind === "text" && (
        <>
          <TextAreaField name="body" label={t("content.bodyEn")} required rows={6} defaultValue={values.body} error={errors.body} />
          <TextAreaField name="bodyZh" label={t("content.bodyZh")} required rows={6} defaultValue={values.bodyZh} error={errors.bodyZh} />
        </>
      )}
      <TextField name="note" label={t("content.versionNote")} defaultValue={values.note} error={errors.note} />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t("content.addVersion")}
        </button>
      </div>
    </Form>
  );
}

/** The download buttons of an asset: as it is, and stamped with the partner's name when it may be. */
export function DownloadButtons({ assetId, kind, cobrand }: { assetId: number; kind: ContentKind; cobrand: boolean }) {
  const t = useT();
  return (
    <div className="button-row">
      <a className="button" href={`/content/${assetId}/download`} rel={kind === "video_link" ? "noopener noreferrer" : undefined}>
        {kind === "video_link" ? t("content.openVideo") : t("content.download")}
      </a>
      {cobrand && (
        <a className="button button-primary" href={`/content/${assetId}/download?cobrand=1`}>
          {t("content.downloadCobranded")}
        </a>
      )}
    </div>
  );
}
