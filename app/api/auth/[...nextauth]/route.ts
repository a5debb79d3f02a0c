import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { withLoginRateLimit } from "@/lib/auth/rate-limited-sign-in";

const handler = NextAuth(authOptions);
export { handler as GET };
// Password checks are rate limited per account and per address (lib/auth/login-rate-limit.ts).
export const POST = withLoginRateLimit(handler);
