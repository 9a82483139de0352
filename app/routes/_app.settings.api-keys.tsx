import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idParam } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction } from "~/lib/row-action.server";
import { API_KEY_MARK, createApiKey, requireKeysPage, listApiKeys, revokeApiKey } from "~/modules/sell-through/api-keys.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { Badge, Notice, PageHeader } from "~/components/Page";
import { FormErrorSummary, TextField } from "~/components/fields";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "API keys · Partner Portal" }];

// The page right after creating a key shows the key: no copy of it may stay in a cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, ROUTE_ROLES.apiKeys);
  requireKeysPage(auth);
  return { keys: await listApiKeys(getDb(), auth.scope), canManage: auth.scope.kind === "partner", origin: new URL(request.url).origin, keyMark: API_KEY_MARK };
}

// The new key is in this one response only: never cached, never in a URL.
const noStore = { "Cache-Control": "no-store" };

type KeyResult = { created: { key: string; name: string } | null; revoked: boolean };

export async function action(args: ActionFunctionArgs) {
  return formAction(
    args,
    { roles: ROUTE_ROLES.apiKeys, allow: requireKeysPage },
    {
      create: async ({ db, scope, actor, text }) => {
        const created = await createApiKey(db, scope, actor, { name: text("name") });
        return data<KeyResult>({ created: { key: created.key, name: text("name") }, revoked: false }, { headers: noStore });
      },
      revoke: async ({ db, scope, actor, text }) => {
        await revokeApiKey(db, scope, actor, idParam(text("keyId")));
        return data<KeyResult>({ created: null, revoked: true }, { headers: noStore });
      },
    },
  );
}

export default function ApiKeys() {
  const { keys, canManage, origin, keyMark } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const refused = result && "errors" in result ? result : null;
  const errors: Record<string, string> = refused?.errors ?? {};
  const values: Record<string, string> = refused?.values ?? {};
  const done = result && "created" in result ? result : null;
  const when = (value: Date | string | null) => (value ? formatDateTime(value, locale, timeZone) : t("sellThroughApi.never"));
  return (
    <>
      <PageHeader title={t("sellThroughApi.keysTitle")} subtitle={canManage ? t("sellThroughApi.keysIntro") : t("sellThroughApi.keysIntroAdmin")} />
      {done?.created && (
        <section className="card" aria-live="polite">
          <h2>{t("sellThroughApi.newKeyTitle", { name: done.created.name })}</h2>
          <Notice tone="info">{t("sellThroughApi.newKeyNotice")}</Notice>
          <pre className="outbox-body" data-testid="new-api-key">
            {done.created.key}
          </pre>
          <p>{t("sellThroughApi.tryIt")}</p>
          <pre className="outbox-body">
            {`curl -X POST ${origin}/api/v1/sell-through \\\n  -H "Authorization: Bearer ${done.created.key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"period":"2026-10","commit":false,"lines":[{"transactionDate":"2026-10-03","invoiceNo":"INV-1","lineNo":"1","reseller":"BPS","endCustomerName":"Acme GmbH","endCustomerCountry":"DE","sku":"NET-SW24","quantity":2,"unitPrice":"1290.00","currency":"EUR"}]}'`}
          </pre>
        </section>
      )}
      {done?.revoked && <Notice>{t("sellThroughApi.revokedNotice")}</Notice>}
      {canManage && (
        <Form method="post" className="form-grid narrow card" noValidate>
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="intent" value="create" />
          <TextField
            name="name"
            label={t("sellThroughApi.keyName")}
            required
            defaultValue={values.name}
            error={errors.name}
            hint={t("sellThroughApi.keyNameHint")}
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {t("sellThroughApi.createKey")}
            </button>
          </div>
        </Form>
      )}
      <section className="card">
        <div className="table-scroll">
          <table className="data-table" aria-label={t("sellThroughApi.keysTitle")}>
            <thead>
              <tr>
                <th>{t("common.name")}</th>
                <th>{t("sellThroughApi.key")}</th>
                {!canManage && <th>{t("sellThrough.distributor")}</th>}
                <th>{t("sellThroughApi.createdBy")}</th>
                <th>{t("common.createdAt")}</th>
                <th>{t("sellThroughApi.lastUsed")}</th>
                <th>{t("common.status")}</th>
                {canManage && <th>{t("common.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    {t("sellThroughApi.noKeys")}
                  </td>
                </tr>
              )}
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>
                      {keyMark}
                      {k.prefix}…
                    </code>
                  </td>
                  {!canManage && <td>{k.partner_name}</td>}
                  <td>{k.created_by_name}</td>
                  <td>{formatDateTime(k.created_at, locale, timeZone)}</td>
                  <td>{when(k.last_used_at)}</td>
                  <td>
                    {k.revoked_at ? (
                      <Badge tone="suspended">{t("sellThroughApi.revokedAt", { at: formatDateTime(k.revoked_at, locale, timeZone) })}</Badge>
                    ) : (
                      <Badge tone="active">{t("sellThroughApi.active")}</Badge>
                    )}
                  </td>
                  {canManage && (
                    <td>
                      {!k.revoked_at && (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="keyId" value={k.id} />
                          <button type="submit" className="button button-danger" aria-label={t("sellThroughApi.revokeLabel", { name: k.name })}>
                            {t("sellThroughApi.revoke")}
                          </button>
                        </Form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
