// The partner list as a channel manager sees it (400 of 4,000 partners are theirs; first page,
// default sort), against a bare page of the app shell that only reads the signed-in user, in
// the same run, so the ratio says what the list itself costs on this machine.
import { BENCH_MANAGER_EMAIL } from "../../db/seed/scale";
import { describe, runLoad, warmUp, type BenchContext, type Figure } from "./lib";

const LIST_PATH = "/partners";
const SHELL_PATH = "/account";

export default async function partnersBench({ baseUrl, signIn, log }: BenchContext): Promise<Figure[]> {
  const cookie = await signIn(BENCH_MANAGER_EMAIL);
  await warmUp(baseUrl, [
    { path: LIST_PATH, cookie },
    { path: SHELL_PATH, cookie },
  ]);

  const list = await runLoad({
    baseUrl,
    path: LIST_PATH,
    cookie,
    // Guard against measuring an empty or wrongly scoped list.
    expectBody: (body) => (/BP0\d{4}/.test(body) ? null : "the page shows no bench partner (is the scale seed loaded and the list scoped to the manager?)"),
  });
  log(describe(list));

  const shell = await runLoad({ baseUrl, path: SHELL_PATH, cookie });
  log(describe(shell));

  return [
    { name: "partners_list_rps", value: list.rps, unit: "req/s" },
    { name: "partners_list_p95", value: list.p95, unit: "ms" },
    { name: "shell_page_rps", value: shell.rps, unit: "req/s" },
    { name: "shell_page_p95", value: shell.p95, unit: "ms" },
    { name: "partners_list_vs_shell_rps_ratio", value: list.rps / shell.rps, unit: "ratio" },
  ];
}
