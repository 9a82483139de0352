import { Outlet, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { smtpConfigured } from "~/lib/mail.server";
import { navigationFor } from "~/lib/navigation";
import { AppShell } from "~/components/AppShell";
import { getDb } from "~/lib/db.server";
import { unreadCount } from "~/modules/notifications/inbox.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  return {
    unread: await unreadCount(getDb(), user.id),
    user: { name: user.name, email: user.email, role: user.role, partnerName: user.partnerName },
    nav: navigationFor(user.role, { outbox: !smtpConfigured(), partnerType: user.partnerType }),
  };
}

export default function AppLayout() {
  const { user, nav, unread } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} nav={nav} unread={unread}>
      <Outlet />
    </AppShell>
  );
}
