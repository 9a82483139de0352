// Issue 17: a request is logged and timed under its route's pattern, not its path: ids stay out
// of the logs and the metrics, and the number of label values stays that of the routes.
import { describe, expect, it } from "vitest";
import { matchPattern, routePatterns } from "~/server/observe";
import type { ServerBuild } from "@remix-run/node";

const route = (id: string, path: string | undefined, parentId?: string) => ({ id, path, parentId, module: {} });
const routes = Object.fromEntries(
  [
    route("root", ""),
    route("routes/_app", undefined, "root"),
    route("routes/_app.leads._index", undefined, "routes/_app"),
    route("routes/_app.leads", "leads", "routes/_app"),
    route("routes/_app.leads.$leadId", ":leadId", "routes/_app.leads"),
    route("routes/_app.leads.offers", "offers", "routes/_app.leads"),
    route("routes/leads[.csv]", "leads.csv", "root"),
    route("routes/funds.claims.$claimId.files.$fileId", "funds/claims/:claimId/files/:fileId", "root"),
    route("routes/$", "*", "root"),
  ].map((r) => [r.id, r]),
) as unknown as ServerBuild["routes"];

describe("the route pattern of a request", () => {
  const patterns = routePatterns(routes);
  it.each([
    ["/", "/"],
    ["/leads", "/leads"],
    ["/leads/", "/leads"],
    ["/leads/4711", "/leads/:leadId"],
    ["/leads/offers", "/leads/offers"],
    ["/leads.csv", "/leads.csv"],
    ["/funds/claims/12/files/34", "/funds/claims/:claimId/files/:fileId"],
    ["/no/such/page/99", "/*"],
  ])("%s is %s", (path, pattern) => {
    expect(matchPattern(patterns, path)).toBe(pattern);
  });
});
