import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { parsedIntent, rowAction, type RowActionInput } from "~/lib/row-action.server";
import { getPartner, partnerFormOptions } from "~/modules/partners/read.server";
import { changePartnerStatus, updatePartner } from "~/modules/partners/write.server";
import { STATUS_TRANSITIONS, partnerSchema, statusChangeSchema } from "~/modules/partners/schemas";
import { entityHistory } from "~/modules/audit/entity-history.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { PartnerForm } from "~/components/PartnerForm";
import { HistoryList } from "~/components/AuditChanges";
import { referenceName } from "~/lib/reference-name";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.partner.name ?? "Partner"} · Partner Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAuth(request, ROUTE_ROLES.partners);
  const db = getDb();
  const partner = await getPartner(db, scope, idParam(params.partnerId));
  const canEdit = user.role === "admin";
  // The partner's own admin and the vendor open its scorecard (modules/scorecards).
  const canScorecard = scope.kind !== "partner" || (user.role === "partner_admin" && scope.partnerId === partner.id);
  const [options, history] = await Promise.all([canEdit ? partnerFormOptions(db) : null, entityHistory(db, scope, "partner", partner.id)]);
  return { partner, options, history, canEdit, canScorecard };
}

export async function action(args: ActionFunctionArgs) {
  return rowAction(
    args,
    { roles: ROUTE_ROLES.partners, param: "partnerId", find: getPartner, lists: ["productLineIds"] },
    {
      status: parsedIntent(statusChangeSchema, async ({ db, scope, actor, id }: RowActionInput, { status }) => {
        await changePartnerStatus(db, scope, actor, id, status);
        return redirect(`/partners/${id}?notice=status`);
      }),
      update: parsedIntent(
        partnerSchema,
        async ({ db, scope, actor, id }: RowActionInput, partner) => {
          await updatePartner(db, scope, actor, id, partner);
          return redirect(`/partners/${id}?notice=updated`);
        },
        ["productLineIds"],
      ),
    },
  );
}

export default function PartnerDetail() {
  const { partner, options, history, canEdit, canScorecard } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const notice = params.get("notice");
  const editErrors = actionData?.intent === "update" ? actionData.errors : undefined;
  const values =
    actionData?.intent === "update"
      ? { ...actionData.values, productLineIds: actionData.lists.productLineIds }
      : {
          code: partner.code,
          name: partner.name,
          type: partner.type,
          tier: partner.tier,
          country: partner.country,
          regionId: partner.region_id,
          postcode: partner.postcode,
          capacity: partner.capacity,
          parentId: partner.parent_id,
          channelManagerId: partner.channel_manager_id,
          productLineIds: partner.productLines.map((l) => l.id),
        };
  return (
    <>
      <PageHeader
        title={partner.name}
        subtitle={
          <>
            {partner.code} · {t(`partnerType.${partner.type}`)} · <Badge tone={partner.tier}>{t(`tier.${partner.tier}`)}</Badge>{" "}
            <Badge tone={partner.status}>{t(`partnerStatus.${partner.status}`)}</Badge>
          </>
        }
        actions={
          <>
            {canScorecard && (
              <Link className="button" to={`/partners/${partner.id}/scorecard`}>
                {t("scorecards.open")}
              </Link>
            )}
            <Link to="/partners">← {t("partners.title")}</Link>
          </>
        }
      />
      {notice === "created" && <Notice>{t("partners.created")}</Notice>}
      {notice === "updated" && <Notice>{t("partners.updated")}</Notice>}
      {notice === "status" && <Notice>{t("partners.statusChanged", { status: t(`partnerStatus.${partner.status}`) })}</Notice>}

      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("common.country")}</dt>
            <dd>{partner.country}</dd>
            <dt>{t("partners.region")}</dt>
            <dd>{referenceName(locale, { name: partner.region_name, name_zh: partner.region_name_zh }) ?? "—"}</dd>
            <dt>{t("partners.postcode")}</dt>
            <dd>{partner.postcode || "—"}</dd>
            <dt>{t("partners.parent")}</dt>
            <dd>{partner.parent_id ? <Link to={`/partners/${partner.parent_id}`}>{partner.parent_name}</Link> : "—"}</dd>
            <dt>{t("partners.manager")}</dt>
            <dd>{partner.manager_name ?? t("partners.noManager")}</dd>
            <dt>{t("partners.capacity")}</dt>
            <dd>{partner.capacity}</dd>
            <dt>{t("partners.productLines")}</dt>
            <dd>{partner.productLines.map((l) => referenceName(locale, l)).join(", ") || "—"}</dd>
            <dt>{t("partners.users")}</dt>
            <dd>{partner.userCount}</dd>
            <dt>{t("common.createdAt")}</dt>
            <dd>{formatDateTime(partner.created_at, locale, timeZone)}</dd>
          </dl>
        </section>

        {partner.children.length > 0 && (
          <section className="card">
            <h2>{t("partners.children")}</h2>
            <ul className="plain-list">
              {partner.children.map((c) => (
                <li key={c.id}>
                  <Link to={`/partners/${c.id}`}>{c.name}</Link> <Badge tone={c.status}>{t(`partnerStatus.${c.status}`)}</Badge>
                </li>
              ))}
            </ul>
          </section>
        )}

        {canEdit && (
          <section className="card">
            <h2>{t("partners.changeStatus")}</h2>
            {actionData?.intent === "status" && actionData.errors.status && <Notice tone="error">{message(actionData.errors.status)}</Notice>}
            <Form method="post" className="button-row">
              <input type="hidden" name="intent" value="status" />
              {STATUS_TRANSITIONS[partner.status].map((next) => (
                <button key={next} type="submit" name="status" value={next} className="button">
                  {t("partners.moveTo", { status: t(`partnerStatus.${next}`) })}
                </button>
              ))}
            </Form>
          </section>
        )}
      </div>

      {canEdit && options ? (
        <section className="card">
          <h2>{t("partners.edit")}</h2>
          <PartnerForm values={values} errors={editErrors} options={options} submitLabel={t("common.save")} intent="update" />
        </section>
      ) : (
        <p className="muted">{t("partners.readOnly")}</p>
      )}

      <HistoryList entries={history} />
    </>
  );
}
