import "server-only";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { recordEvent } from "@/lib/audit/record-event";
import type { CreateUserData, ListUsersQuery, UpdateUserData } from "@/lib/users/schemas";
import { Prisma } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";

const userSelect = { id: true, email: true, name: true, role: true, active: true, createdAt: true } as const;

/**
 * Creates an account; there is no sign-up, so this (by an admin, or the CLI on the server) is
 * the only way in. Returns the password only when it was generated here.
 */
export async function createUserAccount(
  data: CreateUserData,
  actorId: string | null = null,
  // hashPassword(data.password), made already: the test fixtures give every account one password and pay for
  // its (deliberately slow) hash once, not per account.
  options: { passwordHash?: Promise<string> } = {},
) {
  if (await prisma.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new AppError("conflict", `A user with the email ${data.email} exists`, { field: "email" });
  }
  const generated = data.password ? undefined : generatePassword();
  const passwordHash =
    data.password && options.passwordHash
      ? await options.passwordHash
      : await hashPassword(data.password || (generated as string));
  const user = await prisma.$transaction(
    async (tx) => {
      const created = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash },
        select: userSelect,
      });
      await recordEvent(
        {
          actorId,
          action: "user.create",
          entityType: "user",
          entityId: created.id,
          after: { email: created.email, role: created.role },
        },
        tx,
      );
      return created;
      // Accounts are often made in bursts (an admin's list, a test's twenty labelers): each waits for its
      // hash, then all want a connection at once. Waiting longer than Prisma's 2 s default costs nothing here.
    },
    { maxWait: 10_000 },
  );
  return { user, generatedPassword: generated };
}

export async function createUser(actor: Actor, input: CreateUserData) {
  assertCan(actor, "admin");
  return createUserAccount(input, actor.id);
}

/** Every account, active first: for the pickers that choose a person (audit filter, project members). */
export async function listUsers(actor: Actor) {
  assertCan(actor, "admin");
  return prisma.user.findMany({ orderBy: [{ active: "desc" }, { createdAt: "asc" }], select: userSelect });
}

/** Users a page of the users screen shows. */
export const USERS_PAGE_SIZE = 50;

export type UserRow = { id: string; email: string; name: string; role: Role; active: boolean; createdAt: Date };

/**
 * One page of accounts, newest first, keyed by (creation time, id) so a page reads the users index from its
 * cursor and stops after `limit` matches, whatever the number of accounts (decision 028). `q` matches a part of
 * the name or the email, ignoring case and taken literally (no wildcards).
 */
export async function listUsersPage(
  actor: Actor,
  query: ListUsersQuery,
  limit = USERS_PAGE_SIZE,
): Promise<{ items: UserRow[]; nextCursor: string | null }> {
  assertCan(actor, "admin");
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) {
    where.push(
      Prisma.sql`(strpos(lower(u.name), lower(${query.q})) > 0 OR strpos(lower(u.email), lower(${query.q})) > 0)`,
    );
  }
  if (query.role) where.push(Prisma.sql`u.role = ${query.role}::"Role"`);
  if (query.status) where.push(Prisma.sql`u.active = ${query.status === "active"}`);
  if (query.cursor) {
    const [time, id] = query.cursor.split("_") as [string, string];
    where.push(Prisma.sql`(u.created_at, u.id) < (${new Date(time)}::timestamptz, ${id}::uuid)`);
  }
  const rows = await prisma.$queryRaw<UserRow[]>`
    SELECT u.id, u.email, u.name, u.role::text AS role, u.active, u.created_at AS "createdAt"
      FROM users u
     WHERE ${Prisma.join(where, " AND ")}
     ORDER BY u.created_at DESC, u.id DESC
     LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null };
}

/**
 * A role change, deactivation or new password bumps the session version, which ends the user's
 * sessions at their next request (docs/decisions/002-sessions.md). A new password or a deactivation
 * also revokes the user's API tokens, for good: a password is reset because the account may be in
 * someone else's hands, and tokens created with it must not outlive that; a reactivated account starts
 * without tokens rather than reviving ones that may have leaked meanwhile. A role change keeps them
 * (a token acts with its owner's current role).
 */
export async function updateUser(actor: Actor, userId: string, data: UpdateUserData) {
  assertCan(actor, "admin");
  if (!isUuid(userId)) throw notFound("User");
  // Either would lock the acting admin out mid-task, and possibly leave nobody to undo it.
  if (userId === actor.id && data.active === false) {
    throw new AppError("conflict", "You cannot deactivate your own account; ask another admin", { field: "active" });
  }
  if (userId === actor.id && data.role && data.role !== "admin") {
    throw new AppError("conflict", "You cannot drop your own admin role; ask another admin", { field: "role" });
  }
  const current = await prisma.user.findUnique({ where: { id: userId }, select: { role: true, active: true } });
  if (!current) throw notFound("User");
  const { password, ...fields } = data;
  const changed =
    (fields.role !== undefined && fields.role !== current.role) ||
    (fields.active !== undefined && fields.active !== current.active) ||
    password !== undefined;
  const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: {
        ...fields,
        ...(passwordHash !== undefined ? { passwordHash } : {}),
        ...(changed ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: userSelect,
    });
    const revokeTokens = password !== undefined || (fields.active === false && current.active);
    const { count: tokensRevoked } = revokeTokens
      ? await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } })
      : { count: 0 };
    if (changed) {
      // Never the password itself: only that it changed.
      await recordEvent(
        {
          actorId: actor.id,
          action: "user.update",
          entityType: "user",
          entityId: userId,
          before: { role: current.role, active: current.active },
          after: {
            role: user.role,
            active: user.active,
            ...(password !== undefined ? { passwordChanged: true } : {}),
            ...(tokensRevoked > 0 ? { tokensRevoked } : {}),
          },
        },
        tx,
      );
    }
    return user;
  });
}

/**
 * An admin's password reset: a new generated password, returned once and never stored in clear or
 * audited. It ends the user's sessions and revokes their API tokens exactly as a password change
 * does (updateUser), because a reset is asked for when the account may be in other hands. A
 * generated password rather than a one-time link: the app sends no email, and accounts already start
 * this way (createUserAccount), so the admin passes it on over the same channel.
 */
export async function resetPassword(actor: Actor, userId: string) {
  assertCan(actor, "admin");
  if (!isUuid(userId)) throw notFound("User");
  // It would end the admin's own session before the new password could be read and kept.
  if (userId === actor.id) throw new AppError("conflict", "You cannot reset your own password; ask another admin");
  const current = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!current) throw notFound("User");
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await prisma.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: userSelect,
    });
    const { count: tokensRevoked } = await tx.apiToken.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordEvent(
      {
        actorId: actor.id,
        action: "user.password_reset",
        entityType: "user",
        entityId: userId,
        after: { sessionsEnded: true, tokensRevoked },
      },
      tx,
    );
    return updated;
  });
  return { user, password };
}

export async function findUserByEmail(email: string) {
  return prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: userSelect });
}
