import "server-only";
import { prisma } from "@/lib/db";

/**
 * Wrong passwords tried on an account since its owner last signed in (`users.failed_sign_ins`),
 * told to the owner at their next sign-in ("3 failed sign-in attempts since your last sign-in"),
 * so guessing that the limits slow down does not go unnoticed. Counted only for a password
 * checked and found wrong: attempts the limits refused never reached the account.
 * Raw SQL: a failed sign-in is not an edit of the user, so `updated_at` stays.
 */
export async function recordFailedSignIn(userId: string): Promise<void> {
  await prisma.$executeRaw`UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ${userId}::uuid`;
}

/** At a successful sign-in: the count so far, and zero from now on. */
export async function takeFailedSignIns(userId: string): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ failed: number }>>`
    UPDATE users u SET failed_sign_ins = 0
      FROM (SELECT id, failed_sign_ins FROM users WHERE id = ${userId}::uuid FOR UPDATE) before
     WHERE u.id = before.id
    RETURNING before.failed_sign_ins AS failed`;
  return row?.failed ?? 0;
}
