import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import stylesheet from "~/styles/app.css";
import { getAuth } from "~/lib/auth.server";
import { requestLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { ErrorPage } from "~/components/ErrorPage";
import { useNonce } from "~/lib/nonce";
import type { ReactNode } from "react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  return { locale: requestLocale(request, auth?.user.locale ?? null), timeZone: auth?.user.timeZone ?? "UTC" };
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <ErrorPage status={404} title={t("error.notFoundTitle")} text={t("error.notFoundText")} />;
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return <ErrorPage status={403} title={t("error.forbiddenTitle")} text={t("error.forbiddenText")} />;
  }
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} title={t("error.serverTitle")} text={t("error.serverText")} />;
}
