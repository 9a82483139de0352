// The id the server stamps on every request it takes (app/server/http.ts), replacing any the
// client sent, so code that sees only a Request can tell which HTTP request it belongs to:
// Remix hands each loader of a page its own copy of the Request.
export const REQUEST_ID_HEADER = "x-portal-request-id";

// The client's address as the server found it (app/server/http.ts): the socket's peer, or
// with TRUST_PROXY=true what the proxy put in X-Forwarded-For. Replaces any the client sent,
// so audit entries and sign-in throttling cannot be given a forged address.
export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

// The request id of the logs (app/server/observe.ts), on the request the app sees and on the
// answer: a trusted proxy's X-Request-Id (TRUST_PROXY=true), else one the server made, never
// one a client sent straight. Not REQUEST_ID_HEADER: a proxy's id need not be unique.
export const LOGGED_REQUEST_ID_HEADER = "x-request-id";
