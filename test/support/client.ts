// An HTTP client for the running app with its own cookie jar, so a test can sign in as a demo
// user and use the portal the way a browser without JavaScript would.
import { inject } from "vitest";

export const DEMO_PASSWORD = "partner-portal-demo";

export class PortalClient {
  private cookies = new Map<string, string>();

  /** The suite's app by default; another instance (another storage driver) when given. */
  constructor(readonly baseUrl: string = inject("baseUrl")) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === "" || /max-age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Reads the portal in a language, as a browser that switched would, without saving it on the account. */
  useLanguage(locale: "en" | "zh-CN"): void {
    this.cookies.set("portal_lang", locale);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.baseUrl + path, { headers: { Cookie: this.cookieHeader(), ...headers }, redirect: "manual" });
    this.remember(response);
    return response;
  }

  /** Posts a form like a browser on our own origin would (or with the Origin given). */
  async post(path: string, fields: Record<string, string | string[]> | FormData, options: { origin?: string | null } = {}): Promise<Response> {
    let body: FormData | URLSearchParams;
    if (fields instanceof FormData) body = fields;
    else {
      body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const origin = options.origin === undefined ? this.baseUrl : options.origin;
    const headers: Record<string, string> = { Cookie: this.cookieHeader() };
    if (origin !== null) headers.Origin = origin;
    const response = await fetch(this.baseUrl + path, { method: "POST", body, headers, redirect: "manual" });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<Response> {
    const response = await this.post("/login", { email, password, redirectTo: "/" });
    if (response.status !== 302) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
    return response;
  }
}

export async function signedIn(email: string, baseUrl?: string): Promise<PortalClient> {
  const client = new PortalClient(baseUrl);
  await client.signIn(email);
  return client;
}
