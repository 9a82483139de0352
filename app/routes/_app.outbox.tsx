import { useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { smtpConfigured } from "~/lib/mail.server";
import { useLocale, useT, useTimeZone } from "~/lib/i18n-react";
import { formatDateTime } from "~/lib/format";
import { PageHeader } from "~/components/Page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Outbox · Partner Portal" }];

// Only while no SMTP server is configured: then mail never leaves the machine and this page
// is how a developer follows an invitation or reset link.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.outbox);
  if (smtpConfigured()) notFound();
  const mails = await getDb().selectFrom("email_outbox").selectAll().orderBy("id", "desc").limit(100).execute();
  return { mails };
}

export default function Outbox() {
  const { mails } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (
    <>
      <PageHeader title={t("outbox.title")} subtitle={t("outbox.intro")} />
      {mails.length === 0 && <p className="muted">{t("outbox.empty")}</p>}
      <ul className="outbox">
        {mails.map((mail) => (
          <li key={mail.id} className="card">
            <p className="outbox-meta">
              <strong>{mail.subject}</strong>
              <span>
                {t("outbox.to")}: {mail.to_address}
              </span>
              <time dateTime={new Date(mail.created_at).toISOString()}>{formatDateTime(mail.created_at, locale, timeZone)}</time>
            </p>
            <pre className="outbox-body">{mail.body_text}</pre>
          </li>
        ))}
      </ul>
    </>
  );
}
