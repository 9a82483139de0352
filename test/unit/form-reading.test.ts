// The form convention, checked by a tool: a route's action reads its form through rowAction or
// formAction (app/lib/row-action.server.ts), which read the body once and answer field errors in
// one shape. A route that calls request.formData() itself must be named below with its reason.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = join(__dirname, "../../app/routes");

/** Routes that read the body themselves on purpose. */
const EXCEPTIONS: Record<string, string> = {
  "login.tsx": "sign-in answers a throttle and keeps only the e-mail, never the password; it has its own tests",
  "forgot-password.tsx": "signed out: formAction signs the user in first",
  "set-password.$token.tsx": "signed out: the token in the URL is the only credential",
  "locale.tsx": "signed out too: the language switch is a redirect, not a form with fields",
  "apply.tsx": "the public application page: nobody is signed in, and its answer must not depend on who applies",
  "apply.reply.$token.tsx": "signed out: the token in the URL is the applicant's only credential",
};

function readsFormByHand(file: string): boolean {
  return /\.formData\s*\(/.test(readFileSync(join(ROUTES, file), "utf8"));
}

describe("route modules read forms through the shared helpers", () => {
  const routes = readdirSync(ROUTES).filter((file) => /\.tsx?$/.test(file));

  it("finds the route modules", () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it("no route outside the named ones calls request.formData()", () => {
    const byHand = routes.filter(readsFormByHand);
    expect(byHand.filter((file) => !(file in EXCEPTIONS))).toEqual([]);
  });

  it("every exception still reads by hand (an exception no longer needed goes)", () => {
    expect(Object.keys(EXCEPTIONS).filter((file) => !readsFormByHand(file))).toEqual([]);
  });
});
