// Demo recruitment: two applications waiting in the vetting queue, sent through the public
// page's module function. "Northwind Distribution GmbH" is the existing Northwind under its
// legal form and web domain, so it is flagged as a likely duplicate; 华南医药代理有限公司 is a new
// Chinese agent that applied in Chinese. They are dated a few days back so the queue shows ages.
import { sql } from "kysely";
import { submitApplication } from "../../app/modules/applications/apply.server";
import type { DB } from "../../app/lib/db.server";

export const NORTHWIND_WEBSITE = "www.northwind.example.com";

export async function seedDemoApplications(db: DB): Promise<void> {
  const [regions, lines] = await Promise.all([
    db.selectFrom("regions").select(["id", "code"]).execute(),
    db.selectFrom("product_lines").select(["id", "code"]).execute(),
  ]);
  const region = (code: string) => regions.find((r) => r.code === code)!.id;
  const line = (code: string) => lines.find((l) => l.code === code)!.id;
  // The demo's Northwind has a website to be matched by (the content demo gives it the same one).
  await db.updateTable("partners").set({ website: NORTHWIND_WEBSITE }).where("code", "=", "NWD").where("website", "=", "").execute();

  await submitApplication(
    db,
    {
      company: "Northwind Distribution GmbH",
      type: "distributor",
      country: "DE",
      regionIds: [region("EMEA")],
      productLineIds: [line("NET"), line("STO")],
      website: "https://www.northwind.example.com/de",
      companySize: "201-1000",
      references: "Distributor of networking and storage brands in the DACH region since 2004.",
      message: "We would like to carry your storage line in Austria and Switzerland as well.",
      contactName: "Jonas Weber",
      contactEmail: "j.weber@northwind-distribution.example",
      contactPhone: "+49 69 1234 5670",
    },
    { ip: null, locale: "en" },
  );
  await submitApplication(
    db,
    {
      company: "华南医药代理有限公司",
      type: "agent",
      country: "CN",
      regionIds: [region("APAC")],
      productLineIds: [line("SEC"), line("CLD")],
      website: "https://www.huanan-agency.example",
      companySize: "11-50",
      references: "为华南地区的医院和诊所提供网络安全与云服务。",
      message: "希望代理贵公司的安全与云软件产品。",
      contactName: "陈伟",
      contactEmail: "chen.wei@huanan-agency.example",
      contactPhone: "+86 20 8888 6666",
    },
    { ip: null, locale: "zh-CN" },
  );
  // Received three days and one day ago, the duplicate first.
  await sql`UPDATE partner_applications a JOIN (SELECT MAX(id) AS top FROM partner_applications) m
    SET a.updated_at = a.updated_at - INTERVAL (1 + 2 * (m.top - a.id)) DAY, a.created_at = a.created_at - INTERVAL (1 + 2 * (m.top - a.id)) DAY`.execute(db);
  await sql`UPDATE partner_application_events e JOIN partner_applications a ON a.id = e.application_id SET e.at = a.created_at`.execute(db);
}
