// Where the portal may send a browser after sign-in, a language switch or a notification:
// only a path on its own site. The value is parsed, not pattern-matched, because browsers
// forgive a lot: they drop tabs and newlines anywhere in a URL ("/\t/evil.example" is
// "//evil.example", another host), read "\" as "/", and some trim other white space. So
// anything a browser might rewrite is refused outright, and what is left must resolve to our
// own origin. The answer is the parsed path, percent-encoded, so it is always a valid header.

const OWN_ORIGIN = "http://portal.invalid";
/** Backslashes, any white space (including U+3000) and control or invisible format characters. */
const REWRITTEN_BY_BROWSERS = /[\\\s\p{C}]/u;
const MAX_LENGTH = 2048;

export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || REWRITTEN_BY_BROWSERS.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN) return fallback;
  return url.pathname + url.search + url.hash;
}
