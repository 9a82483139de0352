// The start-up configuration: defaults, typed values, and one clear message per bad or missing
// variable, all reported together.
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "~/lib/config.server";

function problemsOf(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const production = { DATABASE_URL: "mysql://portal:secret@db.internal:3306/portal", APP_URL: "https://partners.example.com" };

describe("readConfig", () => {
  it("gives the defaults for an empty environment (npm start with the embedded database)", () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      appUrl: undefined,
      port: 3000,
      runWorker: true,
      trustProxy: false,
      trustedOrigins: [],
      cookieSecure: true,
      storageDir: ".data/storage",
      s3: undefined,
      smtpUrl: undefined,
      logLevel: "info",
      shutdownTimeoutMs: 20_000,
      shutdownDelayMs: 0,
    });
    expect(config.webConcurrency).toBeGreaterThan(0);
  });

  it("reads a full production environment into typed values", () => {
    const config = readConfig({
      ...production,
      APP_URL: "https://partners.example.com/",
      PORT: "8080",
      WEB_CONCURRENCY: "4",
      RUN_WORKER: "false",
      TRUST_PROXY: "true",
      TRUSTED_ORIGINS: "https://a.example.com, https://b.example.com",
      STORAGE_URL: "s3://portal-files/prod/uploads/",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "eu-central-1",
      S3_ACCESS_KEY_ID: "AKIA",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
      SMTP_URL: "smtp://user:pass@smtp.example.com:587",
      LOG_LEVEL: "debug",
      METRICS_TOKEN: "a-long-enough-metrics-token",
      BULK_LOAD: "inserts",
      SHUTDOWN_TIMEOUT_SECONDS: "30",
      SHUTDOWN_DELAY_SECONDS: "5",
    });
    expect(config).toMatchObject({
      databaseUrl: production.DATABASE_URL,
      appUrl: "https://partners.example.com",
      port: 8080,
      webConcurrency: 4,
      runWorker: false,
      trustProxy: true,
      trustedOrigins: ["https://a.example.com", "https://b.example.com"],
      s3: {
        bucket: "portal-files",
        prefix: "prod/uploads",
        endpoint: "http://127.0.0.1:9000",
        region: "eu-central-1",
        credentials: { accessKeyId: "AKIA", secretAccessKey: "secret" },
        forcePathStyle: true,
      },
      smtpUrl: "smtp://user:pass@smtp.example.com:587",
      metricsToken: "a-long-enough-metrics-token",
      bulkLoad: "inserts",
      logLevel: "debug",
      shutdownTimeoutMs: 30_000,
      shutdownDelayMs: 5_000,
    });
  });

  it.each([
    [
      { DATABASE_URL: "postgres://db/portal", APP_URL: production.APP_URL },
      "DATABASE_URL must start with mysql:// or mariadb://, e.g. mysql://portal:secret@db.internal:3306/portal",
    ],
    [{ DATABASE_URL: "not a url", APP_URL: production.APP_URL }, "DATABASE_URL is not a URL; expected e.g. mysql://portal:secret@db.internal:3306/portal"],
    [
      { DATABASE_URL: "mysql://db.internal:3306/", APP_URL: production.APP_URL },
      "DATABASE_URL names no database; add it after the host, e.g. mysql://portal:secret@db.internal:3306/portal",
    ],
    [
      { DATABASE_URL: production.DATABASE_URL },
      "APP_URL is not set. With DATABASE_URL the portal mails links to people, so it needs its public address, e.g. APP_URL=https://partners.example.com",
    ],
    [{ APP_URL: "partners.example.com" }, "APP_URL=partners.example.com is not a URL; give the portal's public address, e.g. https://partners.example.com"],
    [
      { APP_URL: "https://user:pw@partners.example.com" },
      "APP_URL=https://user:pw@partners.example.com must be an http(s) address without credentials, query or fragment",
    ],
    [{ PORT: "http" }, "PORT=http must be a whole number from 0 to 65535"],
    [{ PORT: "70000" }, "PORT=70000 must be a whole number from 0 to 65535"],
    [{ WEB_CONCURRENCY: "0" }, "WEB_CONCURRENCY=0 must be a whole number from 1 to 256"],
    [{ RUN_WORKER: "no" }, "RUN_WORKER=no must be true or false"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY=yes must be true or false"],
    [{ COOKIE_SECURE: "off" }, "COOKIE_SECURE=off must be true or false"],
    [{ TRUSTED_ORIGINS: "https://a.example.com/path" }, "TRUSTED_ORIGINS: https://a.example.com/path is not an origin like https://partners.example.com"],
    [{ STORAGE_URL: "https://bucket/prefix" }, "STORAGE_URL must start with s3://, e.g. s3://portal-files/production"],
    [{ STORAGE_URL: "s3:///prefix" }, "STORAGE_URL names no bucket; expected s3://bucket/prefix"],
    [{ STORAGE_URL: "s3://bucket", S3_ENDPOINT: "minio:9000" }, "S3_ENDPOINT must start with http:// or https://, e.g. https://s3.eu-central-1.amazonaws.com"],
    [
      { STORAGE_URL: "s3://bucket", S3_ACCESS_KEY_ID: "AKIA" },
      "S3_SECRET_ACCESS_KEY is not set; give both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither",
    ],
    [
      { STORAGE_URL: "s3://bucket", S3_SECRET_ACCESS_KEY: "secret" },
      "S3_ACCESS_KEY_ID is not set; give both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither",
    ],
    [{ STORAGE_URL: "s3://bucket", S3_FORCE_PATH_STYLE: "maybe" }, "S3_FORCE_PATH_STYLE=maybe must be true or false"],
    [{ S3_REGION: "eu-central-1" }, "S3_REGION is set but STORAGE_URL is not; set STORAGE_URL=s3://bucket/prefix to store files in S3"],
    [{ SMTP_URL: "mail.example.com" }, "SMTP_URL is not a URL; expected e.g. smtp://user:pass@smtp.example.com:587"],
    [{ SMTP_URL: "http://mail.example.com" }, "SMTP_URL must start with smtp:// or smtps://, e.g. smtp://user:pass@smtp.example.com:587"],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL=verbose must be one of fatal, error, warn, info, debug, trace, silent"],
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN must be at least 16 characters, so it cannot be guessed"],
    [{ BULK_LOAD: "fast" }, "BULK_LOAD=fast must be infile or inserts"],
    [{ SHUTDOWN_TIMEOUT_SECONDS: "0" }, "SHUTDOWN_TIMEOUT_SECONDS=0 must be a whole number from 1 to 3600"],
    [{ SHUTDOWN_DELAY_SECONDS: "-1" }, "SHUTDOWN_DELAY_SECONDS=-1 must be a whole number from 0 to 600"],
  ])("refuses %o with its own message", (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it("reports every problem at once, in one error naming each", () => {
    const env = { DATABASE_URL: production.DATABASE_URL, PORT: "x", RUN_WORKER: "maybe", LOG_LEVEL: "loud" };
    expect(problemsOf(env)).toEqual([
      "APP_URL is not set. With DATABASE_URL the portal mails links to people, so it needs its public address, e.g. APP_URL=https://partners.example.com",
      "LOG_LEVEL=loud must be one of fatal, error, warn, info, debug, trace, silent",
      "PORT=x must be a whole number from 0 to 65535",
      "RUN_WORKER=maybe must be true or false",
    ]);
    expect(() => readConfig(env)).toThrow(/fix its environment:\n {2}- APP_URL is not set[\s\S]*\n {2}- RUN_WORKER=maybe must be true or false/);
  });
});
