// The id the server stamps on every request it takes (app/server/http.ts), replacing any the
// client sent, so code that sees only a Request can tell which HTTP request it belongs to:
// Remix hands each loader of a page its own copy of the Request.
export const REQUEST_ID_HEADER = "x-portal-request-id";
