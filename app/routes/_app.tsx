import { Outlet, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { smtpConfigured } from "~/lib/mail.server";
import { navigationFor } from "~/lib/navigation";
import { AppShell } from "~/components/AppShell";
import { getDb } from "~/lib/db.server";
import { unreadCount } from "~/modules/notifications/inbox.server";
import { agreementReminder } from "~/modules/agreements/accept.server";
import { AgreementBanner } from "~/components/PartnerLifecycle";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireAuth(request);
  const [unread, agreement] = await Promise.all([unreadCount(getDb(), user.id), agreementReminder(getDb(), scope)]);
  return {
    unread,
    agreement,
    user: { name: user.name, email: user.email, role: user.role, partnerName: user.partnerName },
    nav: navigationFor(user.role, { outbox: !smtpConfigured(), partnerType: user.partnerType }),
  };
}

export default function AppLayout() {
  const { user, nav, unread, agreement } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} nav={nav} unread={unread}>
      {agreement && <AgreementBanner reminder={agreement} canAccept={user.role === "partner_admin"} />}
      <Outlet />
    </AppShell>
  );
}
