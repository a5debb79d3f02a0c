import { withAuth } from "next-auth/middleware";

/**
 * An optimistic redirect of anonymous visitors to /login. Not a security boundary: every
 * page and API route checks the user again in lib/ (lib/auth/current-user.ts).
 */
export default withAuth({ pages: { signIn: "/login" } });

export const config = {
  // Pages only: the API answers 401 JSON itself, and the login page and assets must stay open.
  matcher: ["/((?!api|login|_next/static|_next/image|favicon.ico).*)"],
};
