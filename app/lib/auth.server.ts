// Authentication behind one module: Lucia sessions stored in MySQL, argon2id passwords,
// sign-in throttling, and the per-request user + Scope every loader starts from.
import { Lucia, type DatabaseSession, type DatabaseUser } from "lucia";
import { Mysql2Adapter } from "@lucia-auth/adapter-mysql";
import { redirect } from "@remix-run/node";
import { accountStanding } from "./account-state.server";
import { getDb, getPool } from "./db.server";
import { scopeFor, type Scope } from "./scope.server";
import { clientIp, forbidden } from "./http.server";
import { REQUEST_ID_HEADER } from "./request-id";
import type { Actor } from "./audit.server";
import type { PartnerStatus, Role, UserStatus } from "../../db/types";

/**
 * Lucia's MySQL adapter, except that the session, its user and the user's partner come in one
 * query: every request validates its session against the database (so signing out or
 * disabling a user takes effect at once), and three round trips per page were a good part
 * of what a page cost.
 */
class SessionAdapter extends Mysql2Adapter {
  override async getSessionAndUser(sessionId: string): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = await getDb()
      .selectFrom("user_sessions")
      .innerJoin("users", "users.id", "user_sessions.user_id")
      .leftJoin("partners", "partners.id", "users.partner_id")
      .select([
        "user_sessions.expires_at",
        "users.id",
        "users.email",
        "users.name",
        "users.role",
        "users.partner_id",
        "users.status",
        "users.time_zone",
        "users.locale",
        "partners.name as partner_name",
        "partners.type as partner_type",
        "partners.status as partner_status",
      ])
      .where("user_sessions.id", "=", sessionId)
      .executeTakeFirst();
    if (!row) return [null, null];
    const { id, expires_at, ...attributes } = row;
    return [
      { id: sessionId, userId: id, expiresAt: expires_at, attributes: {} },
      { id, attributes },
    ];
  }
}

function createLucia() {
  return new Lucia(new SessionAdapter(getPool(), { user: "users", session: "user_sessions" }), {
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
      partnerName: attributes.partner_name,
      partnerType: attributes.partner_type,
      partnerStatus: attributes.partner_status,
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
      partner_name: string | null;
      partner_type: string | null;
      partner_status: PartnerStatus | null;
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

/**
 * Validations in flight, by request id: the root, layout and page loaders of one request start
 * together and share one. Dropped as soon as it settles, so a later look (a loader after an
 * action that signed out, the next request) validates again.
 */
const inFlight = new Map<string, Promise<Auth | null>>();
/** A request the server did not stamp (a loader called directly) is validated once per Request. */
const byRequest = new WeakMap<Request, Promise<Auth | null>>();

async function loadAuth(request: Request): Promise<Auth | null> {
  const sessionId = getLucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { session, user } = await getLucia().validateSession(sessionId);
  if (!session || !user) return null;
  if (accountStanding({ userStatus: user.status, partnerStatus: user.partnerStatus }) !== "ok") {
    await getLucia().invalidateUserSessions(user.id);
    return null;
  }
  const sessionUser: SessionUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partnerId: user.partnerId,
    partnerName: user.partnerName,
    partnerType: user.partnerType,
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

/** The signed-in user, or null; validated once for the loaders of a request. */
export function getAuth(request: Request): Promise<Auth | null> {
  const id = request.headers.get(REQUEST_ID_HEADER);
  if (!id) {
    let pending = byRequest.get(request);
    if (!pending) {
      pending = loadAuth(request);
      byRequest.set(request, pending);
    }
    return pending;
  }
  let pending = inFlight.get(id);
  if (!pending) {
    pending = loadAuth(request);
    inFlight.set(id, pending);
    const forget = () => inFlight.delete(id);
    pending.then(forget, forget);
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
