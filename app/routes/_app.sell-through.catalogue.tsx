import { Form, useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { CATALOGUE_MATCHES, searchCatalogue } from "~/modules/sell-through/catalogue.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { referenceName } from "~/lib/reference-name";
import { PageHeader } from "~/components/Page";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Catalogue · Partner Portal" }];

// The lookup without JavaScript: the report forms link here, and the SKU suggestions read the same search.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request, ROUTE_ROLES.catalogue);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  const matches = await searchCatalogue(getDb(), query);
  // A full answer may have left matches out: the page says so.
  return { query, matches, full: matches.length === CATALOGUE_MATCHES };
}

export default function CatalogueLookup() {
  const { query, matches, full } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("sellThroughCatalogue.title")} subtitle={t("sellThroughCatalogue.intro")} />
      <section className="card">
        <Form method="get" className="button-row catalogue-search" role="search">
          <label htmlFor="catalogue-query">{t("sellThroughCatalogue.query")}</label>
          <input id="catalogue-query" name="q" type="search" defaultValue={query} />
          <button type="submit" className="button">
            {t("sellThroughCatalogue.search")}
          </button>
        </Form>
        {query.trim() && matches.length === 0 && <p className="muted">{t("sellThroughCatalogue.noMatches", { query })}</p>}
        {matches.length > 0 && (
          <>
            {full && <p className="muted">{t("sellThroughCatalogue.someMatches", { count: matches.length })}</p>}
            <div className="table-scroll">
              <table className="data-table catalogue-table" data-testid="catalogue-matches">
                <thead>
                  <tr>
                    <th>{t("sellThroughCatalogue.sku")}</th>
                    <th>{t("sellThroughCatalogue.name")}</th>
                    <th>{t("sellThroughCatalogue.productLine")}</th>
                  </tr>
                </thead>
                <tbody>
                  {matches.map((m) => (
                    <tr key={m.sku}>
                      <td>
                        <code>{m.sku}</code>
                      </td>
                      <td>{m.name}</td>
                      <td>{referenceName(locale, { name: m.productLine, name_zh: m.productLineZh })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
