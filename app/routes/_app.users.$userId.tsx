import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { rowAction, type IntentHandler } from "~/lib/row-action.server";
import { appUrl } from "~/lib/app-url.server";
import { getUser, setUserActive } from "~/modules/users/accounts.server";
import { resendInvitation } from "~/modules/users/invite.server";
import { entityHistory } from "~/modules/audit/entity-history.server";
import { useLocale, useMessage, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { HistoryList } from "~/components/AuditChanges";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Partner Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, ROUTE_ROLES.users);
  const db = getDb();
  const user = await getUser(db, auth.scope, idParam(params.userId));
  const history = await entityHistory(db, auth.scope, "user", user.id, 20);
  return { user, history, isSelf: user.id === auth.user.id };
}

export async function action(args: ActionFunctionArgs) {
  const setActive: IntentHandler = async ({ db, scope, actor, id, intent }) => {
    await setUserActive(db, scope, actor, id, intent === "reactivate");
    return redirect(`/users/${id}?notice=${intent}d`);
  };
  return rowAction(
    args,
    { roles: ROUTE_ROLES.users, param: "userId", find: getUser },
    {
      deactivate: setActive,
      reactivate: setActive,
      resend: async ({ db, actor, id }) => {
        await resendInvitation(db, actor, id, appUrl());
        return redirect(`/users/${id}?notice=resent`);
      },
    },
  );
}

export default function UserDetail() {
  const { user, history, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const message = useMessage();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const notice = params.get("notice");
  return (
    <>
      <PageHeader
        title={user.name}
        subtitle={
          <>
            {user.email} · {t(`role.${user.role}`)} · <Badge tone={user.status}>{t(`userStatus.${user.status}`)}</Badge>
          </>
        }
        actions={<Link to="/users">← {t("users.title")}</Link>}
      />
      {notice === "invited" && <Notice>{t("users.invited", { email: user.email })}</Notice>}
      {notice === "deactivated" && <Notice>{t("users.deactivated")}</Notice>}
      {notice === "reactivated" && <Notice>{t("users.reactivated")}</Notice>}
      {notice === "resent" && <Notice>{t("users.inviteResent")}</Notice>}
      {actionData?.errors?.form && <Notice tone="error">{message(actionData.errors.form)}</Notice>}
      <div className="detail-grid">
        <section className="card">
          <h2>{t("common.details")}</h2>
          <dl className="facts">
            <dt>{t("users.partner")}</dt>
            <dd>{user.partner_id ? user.partner_name : t("users.vendorStaff")}</dd>
            <dt>{t("users.timeZone")}</dt>
            <dd>{user.time_zone}</dd>
            <dt>{t("users.lastLogin")}</dt>
            <dd>{user.last_login_at ? formatDateTime(user.last_login_at, locale, timeZone) : t("users.never")}</dd>
            <dt>{t("common.createdAt")}</dt>
            <dd>{formatDateTime(user.created_at, locale, timeZone)}</dd>
          </dl>
        </section>
        {!isSelf && (
          <section className="card">
            <h2>{t("common.actions")}</h2>
            <Form method="post" className="button-row">
              {user.status === "invited" && (
                <button type="submit" name="intent" value="resend" className="button">
                  {t("users.resendInvite")}
                </button>
              )}
              {user.status === "deactivated" ? (
                <button type="submit" name="intent" value="reactivate" className="button">
                  {t("users.reactivate")}
                </button>
              ) : (
                <button type="submit" name="intent" value="deactivate" className="button button-danger">
                  {t("users.deactivate")}
                </button>
              )}
            </Form>
            {user.status !== "deactivated" && <p className="hint">{t("users.deactivateConfirm")}</p>}
          </section>
        )}
      </div>
      <HistoryList entries={history} />
    </>
  );
}
