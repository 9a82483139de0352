// Authentication behind one module: Lucia sessions stored in MySQL, argon2id passwords,
// sign-in throttling, and the per-request user + Scope every loader starts from.
import { Lucia } from "lucia";
import { Mysql2Adapter } from "@lucia-auth/adapter-mysql";
import { redirect } from "@remix-run/node";
import type { Role, UserStatus } from "../../db/types";
import { getDb, getPool } from "./db.server";
import { scopeFor, type Scope } from "./scope.server";
import type { Actor } from "./audit.server";
import { clientIp, forbidden } from "./http.server";

function createLucia() {
  return new Lucia(new Mysql2Adapter(getPool(), { user: "users", session: "user_sessions" }), {
    sessionCookie: {
      name: "portal_session",
      // A browser-session cookie: the session itself slides in the database, so the cookie
      // never needs re-sending from a loader.
      expires: false,
      attributes: { secure: process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "false", sameSite: "lax" },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      role: attributes.role,
      partnerId: attributes.partner_id,
      status: attributes.status,
      timeZone: attributes.time_zone,
      locale: attributes.locale,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      partner_id: number | null;
      status: UserStatus;
      time_zone: string;
      locale: string | null;
    };
  }
}

let lucia: ReturnType<typeof createLucia> | undefined;
export function getLucia() {
  lucia ??= createLucia();
  return lucia;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  partnerId: number | null;
  partnerName: string | null;
  partnerType: string | null;
  timeZone: string;
  /** The language the user chose last, if any. */
  locale: string | null;
}

export interface Auth {
  user: SessionUser;
  scope: Scope;
  actor: Actor & { userId: number };
  sessionId: string;
}

const cache = new WeakMap<Request, Promise<Auth | null>>();

async function loadAuth(request: Request): Promise<Auth | null> {
  const sessionId = getLucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { session, user } = await getLucia().validateSession(sessionId);
  if (!session || !user) return null;
  if (user.status !== "active") {
    await getLucia().invalidateUserSessions(user.id);
    return null;
  }
  const partner = user.partnerId
    ? await getDb().selectFrom("partners").select(["name", "type"]).where("id", "=", user.partnerId).executeTakeFirst()
    : undefined;
  const sessionUser: SessionUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partnerId: user.partnerId,
    partnerName: partner?.name ?? null,
    partnerType: partner?.type ?? null,
    timeZone: user.timeZone,
    locale: user.locale,
  };
  return {
    user: sessionUser,
    scope: scopeFor(sessionUser),
    actor: { userId: user.id, email: user.email, ip: clientIp(request) },
    sessionId: session.id,
  };
}

/** The signed-in user, or null; validated once per request. */
export function getAuth(request: Request): Promise<Auth | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = loadAuth(request);
    cache.set(request, pending);
  }
  return pending;
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireAuth(request: Request, roles?: readonly Role[]): Promise<Auth> {
  const auth = await getAuth(request);
  if (!auth) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  if (roles && !roles.includes(auth.user.role)) forbidden();
  return auth;
}

export async function startSession(userId: number): Promise<string> {
  const session = await getLucia().createSession(userId, {});
  return getLucia().createSessionCookie(session.id).serialize();
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = getLucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await getLucia().invalidateSession(sessionId);
  return getLucia().createBlankSessionCookie().serialize();
}

export async function endAllSessionsOf(userId: number): Promise<void> {
  await getLucia().invalidateUserSessions(userId);
}
