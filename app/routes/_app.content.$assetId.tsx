import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parsedIntent, rowAction } from "~/lib/row-action.server";
import {
  addVersion,
  archiveAsset,
  ASSET_LIST_FIELDS,
  assetChoices,
  editAssetSchema,
  findAsset,
  getAsset,
  publishAsset,
  updateAsset,
  versionSchema,
} from "~/modules/content/assets.server";
import { readVersionForm } from "~/modules/content/uploads.server";
import { assetDescription, assetTitle } from "~/modules/content/constants";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime, formatDate, formatNumber } from "~/lib/format";
import { referenceName } from "~/lib/reference-name";
import { Notice, PageHeader } from "~/components/Page";
import { useIntentFeedback } from "~/components/fields";
import { AssetForm, assetFormValues, ContentStatusBadge, DownloadButtons, KindLabel, VersionForm } from "~/components/ContentBits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Asset · Partner Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAuth(request, ROUTE_ROLES.content);
  const db = getDb();
  const found = await getAsset(db, scope, idParam(params.assetId));
  const canEdit = scope.kind === "admin";
  return { ...found, canEdit, choices: canEdit ? await assetChoices(db) : null, partner: scope.kind === "partner" };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.contentEdit, param: "assetId", find: findAsset, lists: ASSET_LIST_FIELDS, upload: readVersionForm },
    {
      edit: parsedIntent(
        editAssetSchema,
        async ({ db, scope, actor, id }, input) => {
          await updateAsset(db, scope, actor, id, input);
          return redirect(`/content/${id}?notice=saved`);
        },
        ASSET_LIST_FIELDS,
      ),
      version: parsedIntent(versionSchema, async ({ db, scope, actor, id, files }, input) => {
        await addVersion(db, scope, actor, id, input, files[0]);
        return redirect(`/content/${id}?notice=versionAdded`);
      }),
      publish: async ({ db, scope, actor, id }) => {
        await publishAsset(db, scope, actor, id);
        return redirect(`/content/${id}?notice=published`);
      },
      archive: async ({ db, scope, actor, id }) => {
        await archiveAsset(db, scope, actor, id);
        return redirect(`/content/${id}?notice=archived`);
      },
    },
  );
}

const NOTICES = ["created", "saved", "versionAdded", "published", "archived"] as const;
const PROBLEMS = ["cobrandTooLarge", "cobrandUnreadable"] as const;

export default function AssetPage() {
  const { asset, current, regions, lines, versions, downloads, canEdit, choices, partner } = useLoaderData<typeof loader>();
  const answer = useActionData<{ intent?: string; lists?: Record<string, string[]> }>();
  const feedback = useIntentFeedback();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const notice = NOTICES.find((n) => n === params.get("notice"));
  const problem = PROBLEMS.find((p) => p === params.get("problem"));
  const formError = (["publish", "archive"] as const).map((i) => feedback(i).errors.form).find(Boolean);
  const title = assetTitle(asset, locale);
  const everyone = t("content.everyone");
  const editFeedback = feedback("edit");
  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          <>
            <KindLabel kind={asset.kind} /> {!partner && <ContentStatusBadge status={asset.status} />}
          </>
        }
        actions={<Link to="/content">← {t("content.title")}</Link>}
      />
      {notice && <Notice>{t(`content.notice.${notice}`)}</Notice>}
      {problem && <Notice tone="error">{t(`content.errors.${problem}`)}</Notice>}
      {formError && <Notice tone="error">{message(formError)}</Notice>}
      <div className="detail-grid">
        <section className="card">
          <h2 className="card-title">{t("content.aboutAsset")}</h2>
          {assetDescription(asset, locale) && <p>{assetDescription(asset, locale)}</p>}
          {current ? (
            <>
              <p className="muted">
                {t("content.currentVersion", { version: current.version, date: formatDate(current.created_at, locale, timeZone) })}
                {current.file_name ? ` · ${current.file_name}` : ""}
              </p>
              {asset.kind === "text" && (
                <div className="snippet">
                  <h3>{t("content.bodyEn")}</h3>
                  <p className="keep-lines">{current.body}</p>
                  <h3>{t("content.bodyZh")}</h3>
                  <p className="keep-lines">{current.body_zh}</p>
                </div>
              )}
              <DownloadButtons assetId={asset.id} kind={asset.kind} cobrand={partner && asset.cobrand} />
              {asset.cobrandTooLarge && <p className="hint">{t("content.errors.cobrandTooLarge")}</p>}
              {!partner && asset.cobrand && <p className="hint">{t("content.cobrandVendorHint")}</p>}
            </>
          ) : (
            <p>{t("content.noVersion")}</p>
          )}
        </section>
        {!partner && (
          <section className="card">
            <h2 className="card-title">{t("content.audience")}</h2>
            <dl className="facts">
              <dt>{t("content.tiers")}</dt>
              <dd>{asset.tiers.length ? asset.tiers.map((x) => t(`tier.${x}` as "tier.gold")).join(", ") : everyone}</dd>
              <dt>{t("content.partnerTypes")}</dt>
              <dd>{asset.partner_types.length ? asset.partner_types.map((x) => t(`partnerType.${x}` as "partnerType.reseller")).join(", ") : everyone}</dd>
              <dt>{t("content.regions")}</dt>
              <dd>{regions.length ? regions.map((r) => referenceName(locale, r)).join(", ") : everyone}</dd>
              <dt>{t("content.productLines")}</dt>
              <dd>{lines.length ? lines.map((l) => referenceName(locale, l)).join(", ") : everyone}</dd>
              <dt>{t("content.validity")}</dt>
              <dd>
                {asset.valid_from || asset.valid_until
                  ? `${asset.valid_from ? formatDate(asset.valid_from, locale) : "…"} – ${asset.valid_until ? formatDate(asset.valid_until, locale) : "…"}`
                  : t("content.always")}
              </dd>
              <dt>{t("content.coBrandable")}</dt>
              <dd>{asset.co_brandable ? t("common.yes") : t("common.no")}</dd>
            </dl>
            {canEdit && (
              <div className="button-row card-actions">
                {asset.status !== "published" && (
                  <Form method="post">
                    <button type="submit" name="intent" value="publish" className="button button-primary">
                      {t("content.publish")}
                    </button>
                  </Form>
                )}
                {asset.status !== "archived" && (
                  <Form method="post">
                    <button type="submit" name="intent" value="archive" className="button button-danger">
                      {t("content.archive")}
                    </button>
                  </Form>
                )}
              </div>
            )}
          </section>
        )}
      </div>
      {canEdit && (
        <section className="card">
          <h2 className="card-title">{t("content.newVersion")}</h2>
          <p className="hint">{t("content.newVersionHint")}</p>
          <VersionForm kind={asset.kind} feedback={feedback("version")} />
        </section>
      )}
      {!partner && (
        <section className="card">
          <h2 className="card-title">{t("content.versions")}</h2>
          {versions.length === 0 ? (
            <p>{t("content.noVersion")}</p>
          ) : (
            <ol className="plain-list">
              {versions.map((v) => (
                <li key={v.id}>
                  <strong>v{v.version}</strong> · {formatDateTime(v.created_at, locale, timeZone)} · {v.created_by_name}
                  {v.file_name ? ` · ${v.file_name}` : ""}
                  {v.url ? ` · ${v.url}` : ""}
                  {v.note ? ` · ${v.note}` : ""}
                  {current?.id === v.id && ` (${t("content.current")})`}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      {downloads && (
        <section className="card" id="downloads">
          <h2 className="card-title">{t("content.downloadsByPartner")}</h2>
          <p>
            {t("content.downloadTotals", {
              downloads: formatNumber(downloads.total, locale),
              coBranded: formatNumber(downloads.coBranded, locale),
              partners: downloads.partners,
            })}{" "}
            <a href={`/content/${asset.id}/downloads.csv`}>{t("content.exportCsv")}</a>
          </p>
          {downloads.rows.length > 0 && (
            <div className="table-wrap">
              <table className="data-table list-table">
                <thead>
                  <tr>
                    <th scope="col">{t("content.partner")}</th>
                    <th scope="col">{t("content.downloads")}</th>
                    <th scope="col">{t("content.coBrandedDownloads")}</th>
                    <th scope="col">{t("content.lastDownload")}</th>
                  </tr>
                </thead>
                <tbody>
                  {downloads.rows.map((r) => (
                    <tr key={r.partner_id}>
                      <td data-label={t("content.partner")}>
                        <Link to={`/partners/${r.partner_id}`}>{r.name}</Link> ({r.code})
                      </td>
                      <td data-label={t("content.downloads")}>{formatNumber(r.downloads, locale)}</td>
                      <td data-label={t("content.coBrandedDownloads")}>{formatNumber(r.co_branded, locale)}</td>
                      <td data-label={t("content.lastDownload")}>{formatDateTime(r.last_at, locale, timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {canEdit && choices && (
        <details className="card" open={answer?.intent === "edit"}>
          <summary>{t("content.editAsset")}</summary>
          <AssetForm
            intent="edit"
            values={assetFormValues(
              {
                title: asset.title,
                titleZh: asset.title_zh,
                description: asset.description,
                descriptionZh: asset.description_zh,
                coBrandable: asset.co_brandable === 1,
                tiers: asset.tiers,
                partnerTypes: asset.partner_types,
                regionIds: regions.map((r) => r.id),
                productLineIds: lines.map((l) => l.id),
                validFrom: asset.valid_from ?? "",
                validUntil: asset.valid_until ?? "",
              },
              { ...editFeedback, lists: answer?.lists },
              answer?.intent === "edit",
            )}
            errors={editFeedback.errors}
            regions={choices.regions}
            lines={choices.lines}
            submitLabel={t("content.save")}
            withKind={false}
          />
        </details>
      )}
    </>
  );
}
