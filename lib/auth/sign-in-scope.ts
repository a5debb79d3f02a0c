import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the credentials check (`authorize`, lib/auth/options.ts) has to tell the route around
 * next-auth (lib/auth/sign-in-route.ts). next-auth turns anything `authorize` throws into a 401
 * redirect to its error page, and passes nothing else back; so the check writes here and the route
 * answers from it: 429 with Retry-After, a 500/503 for a database failure, the owner's notice.
 */
export type SignInOutcome = {
  /** Refused by the sign-in limits before the password was checked. */
  retryAfterSeconds?: number;
  /** The check itself failed (database down, …), not the password. */
  error?: unknown;
  /** Signed in: wrong passwords tried on the account since its previous sign-in. */
  failedSignIns?: number;
};

const storage = new AsyncLocalStorage<SignInOutcome>();

export function runSignIn<T>(outcome: SignInOutcome, fn: () => Promise<T>): Promise<T> {
  return storage.run(outcome, fn);
}

/** The outcome of the request being answered; a throwaway one outside the route (nothing reads it). */
export function signInOutcome(): SignInOutcome {
  return storage.getStore() ?? {};
}
