// The CSP nonce of the page being rendered on the server (app/entry.server.tsx provides it,
// app/root.tsx gives it to Remix's inline scripts). In the browser it is empty: the scripts
// have run by then, and browsers hide a nonce from the page anyway.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
