// Every environment variable the portal reads, read and checked here once at start, so a wrong
// value stops the process with one message per variable (all of them at once) instead of
// failing later, on the first request or job that needs it.
//
// The entry points (start.ts, worker.ts, web-worker.ts, `admin:create`) call readConfig first
// and pass the Config on. A few readers still look at process.env when called, for values tests
// change between cases (APP_URL in app-url.server.ts, SMTP_URL and MAIL_FROM in mail.server.ts)
// or that their own module owns (STORAGE_DIR and the S3 variables, COOKIE_SECURE); their values
// are checked here all the same, so a mistake in them is reported at start with the rest.
// Not configuration, so not here: NODE_ENV (set by the entry points), SCOPE_GUARD (tests),
// WEB_PORT and WEB_HOST (from web.ts's primary to its web processes).
import os from "node:os";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export interface S3Config {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing slashes; "" for the bucket's root. */
  prefix: string;
  endpoint?: string;
  region?: string;
  /** Unset: the SDK's own chain (instance role, shared credentials file). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

export interface Config {
  /** Unset: `npm start` runs the embedded database. */
  databaseUrl?: string;
  /** The public address, without a trailing slash; unset only without DATABASE_URL. */
  appUrl?: string;
  port: number;
  webConcurrency: number;
  runWorker: boolean;
  trustProxy: boolean;
  trustedOrigins: string[];
  cookieSecure: boolean;
  storageDir: string;
  /** Set when files go to an S3-compatible store instead of storageDir. */
  s3?: S3Config;
  smtpUrl?: string;
  mailFrom: string;
  logLevel: LogLevel;
  /** With it, /metrics answers only `Authorization: Bearer <token>`; without, only loopback. */
  metricsToken?: string;
  /** "inserts" writes bulk rows as batched INSERTs from the start, for servers that refuse LOAD DATA LOCAL. */
  bulkLoad: "infile" | "inserts";
  /** How long a stopping process waits for its requests and jobs before cutting them off. */
  shutdownTimeoutMs: number;
  /** How long a stopping web process answers not-ready while still serving, so a load balancer notices first. */
  shutdownDelayMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The portal does not start; fix its environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Reads and checks `env`; throws a ConfigError naming every bad or missing variable. */
export function readConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    problems.push(`${name}=${raw} must be true or false`);
    return fallback;
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };

  const url = (name: string, protocols: string[], example: string): URL | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      problems.push(`${name} is not a URL; expected e.g. ${example}`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(" or ")}, e.g. ${example}`);
      return undefined;
    }
    return parsed;
  };

  const database = url("DATABASE_URL", ["mysql:", "mariadb:"], "mysql://portal:secret@db.internal:3306/portal");
  if (database && database.pathname.replace(/^\//, "") === "") {
    problems.push("DATABASE_URL names no database; add it after the host, e.g. mysql://portal:secret@db.internal:3306/portal");
  }

  const appUrl = readAppUrl(value("APP_URL"), value("DATABASE_URL") !== undefined, problems);

  const trustedOrigins = (value("TRUSTED_ORIGINS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of trustedOrigins) {
    if (!isOrigin(origin)) problems.push(`TRUSTED_ORIGINS: ${origin} is not an origin like https://partners.example.com`);
  }

  const logLevel = value("LOG_LEVEL") ?? "info";
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) problems.push(`LOG_LEVEL=${logLevel} must be one of ${LOG_LEVELS.join(", ")}`);

  const metricsToken = value("METRICS_TOKEN");
  if (metricsToken !== undefined && metricsToken.length < 16) problems.push("METRICS_TOKEN must be at least 16 characters, so it cannot be guessed");
  const bulkLoad = value("BULK_LOAD") ?? "infile";
  if (bulkLoad !== "infile" && bulkLoad !== "inserts") problems.push(`BULK_LOAD=${bulkLoad} must be infile or inserts`);

  const smtp = url("SMTP_URL", ["smtp:", "smtps:"], "smtp://user:pass@smtp.example.com:587");

  const config: Config = {
    databaseUrl: database ? value("DATABASE_URL") : undefined,
    appUrl,
    port: integer("PORT", 3000, 0, 65535),
    webConcurrency: integer("WEB_CONCURRENCY", os.availableParallelism(), 1, 256),
    runWorker: boolean("RUN_WORKER", true),
    trustProxy: boolean("TRUST_PROXY", false),
    trustedOrigins,
    cookieSecure: boolean("COOKIE_SECURE", true),
    storageDir: value("STORAGE_DIR") ?? ".data/storage",
    s3: readS3(env, value, boolean, url, problems),
    smtpUrl: smtp ? value("SMTP_URL") : undefined,
    mailFrom: value("MAIL_FROM") ?? "Partner Portal <no-reply@localhost>",
    logLevel: logLevel as LogLevel,
    metricsToken,
    bulkLoad: bulkLoad === "inserts" ? "inserts" : "infile",
    shutdownTimeoutMs: integer("SHUTDOWN_TIMEOUT_SECONDS", 20, 1, 3600) * 1000,
    shutdownDelayMs: integer("SHUTDOWN_DELAY_SECONDS", 0, 0, 600) * 1000,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** With a real database (DATABASE_URL) people receive e-mailed links, so the address must be said, and be a plain http(s) origin. */
function readAppUrl(configured: string | undefined, withDatabase: boolean, problems: string[]): string | undefined {
  if (!configured) {
    if (withDatabase) {
      problems.push(
        "APP_URL is not set. With DATABASE_URL the portal mails links to people, so it needs its public address, e.g. APP_URL=https://partners.example.com",
      );
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    problems.push(`APP_URL=${configured} is not a URL; give the portal's public address, e.g. https://partners.example.com`);
    return undefined;
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    problems.push(`APP_URL=${configured} must be an http(s) address without credentials, query or fragment`);
    return undefined;
  }
  return configured.replace(/\/+$/, "");
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return ["http:", "https:"].includes(url.protocol) && url.origin === text.replace(/\/$/, "");
  } catch {
    return false;
  }
}

function readS3(
  env: Env,
  value: (name: string) => string | undefined,
  boolean: (name: string, fallback: boolean) => boolean,
  url: (name: string, protocols: string[], example: string) => URL | undefined,
  problems: string[],
): S3Config | undefined {
  const s3Names = ["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE"];
  const storage = url("STORAGE_URL", ["s3:"], "s3://portal-files/production");
  const endpoint = url("S3_ENDPOINT", ["http:", "https:"], "https://s3.eu-central-1.amazonaws.com");
  const forcePathStyle = boolean("S3_FORCE_PATH_STYLE", false);
  const accessKeyId = value("S3_ACCESS_KEY_ID");
  const secretAccessKey = value("S3_SECRET_ACCESS_KEY");
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    problems.push(`${accessKeyId ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"} is not set; give both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither`);
  }
  if (!value("STORAGE_URL")) {
    const stray = s3Names.filter((name) => env[name]?.trim());
    if (stray.length)
      problems.push(
        `${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but STORAGE_URL is not; set STORAGE_URL=s3://bucket/prefix to store files in S3`,
      );
    return undefined;
  }
  if (!storage) return undefined;
  if (!storage.hostname) {
    problems.push("STORAGE_URL names no bucket; expected s3://bucket/prefix");
    return undefined;
  }
  return {
    bucket: storage.hostname,
    prefix: decodeURIComponent(storage.pathname).replace(/^\/+|\/+$/g, ""),
    endpoint: endpoint ? value("S3_ENDPOINT") : undefined,
    region: value("S3_REGION"),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle,
  };
}
