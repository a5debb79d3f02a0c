import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";

const Credentials = z.object({ email: z.string().trim().toLowerCase().min(1), password: z.string().min(1) });

/**
 * Credentials sign-in with JWT sessions (docs/decisions/002-sessions.md). The JWT carries the
 * user's id and session version only; every request re-reads the user (lib/auth/current-user.ts),
 * so deactivation or a role change takes effect at the next request.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = Credentials.safeParse(raw);
        if (!parsed.success) return null;
        const user = await prisma.user.findUnique({ where: { email: parsed.data.email } });
        // Same work and same answer for an unknown email and a wrong password.
        const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user || !ok || !user.active) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.uid ?? "",
        name: token.name ?? "",
        email: token.email ?? "",
        role: token.role ?? "labeler",
        sessionVersion: token.sv ?? 0,
      };
      return session;
    },
  },
};
