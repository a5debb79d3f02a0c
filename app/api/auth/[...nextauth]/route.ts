import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { withSignInAnswers } from "@/lib/auth/sign-in-route";

const handler = NextAuth(authOptions);
// Sign-in limits are checked with the password, in authorize (lib/auth/options.ts); the wrapper
// turns their outcome into 429 with Retry-After and refuses forms with repeated fields.
export const GET = withSignInAnswers(handler);
export const POST = withSignInAnswers(handler);
