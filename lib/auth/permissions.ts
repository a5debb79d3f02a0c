import type { Role } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";

/** The acting user, however they authenticated. Every server function takes one. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  /** Set for a project-scoped token: it may do only `scope` on that project (lib/api/handler.ts). */
  scope?: { projectId: string; scope: "export" };
};

/**
 * Who asks for a bulk operation (export, import): a user, who needs the capability, or "system", the
 * command line run by whoever holds the database URL, which no user authorizes and no user is faked for.
 * Its audit events have no actor.
 */
export type Requester = Actor | "system";

export function assertRequesterCan(requester: Requester, capability: Capability): void {
  if (requester !== "system") assertCan(requester, capability);
}

/** The audit log's actor of a requester: the user, or none for the command line. */
export function requesterId(requester: Requester): string | null {
  return requester === "system" ? null : requester.id;
}

// Roles are nested (docs/glossary.md, "user"): an admin does everything, a reviewer also labels.
const CAN = {
  label: ["admin", "reviewer", "labeler"],
  review: ["admin", "reviewer"],
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAN;

export function can(actor: Pick<Actor, "role">, capability: Capability): boolean {
  return (CAN[capability] as readonly Role[]).includes(actor.role);
}

export function assertCan(actor: Pick<Actor, "role">, capability: Capability): void {
  if (!can(actor, capability)) {
    throw new AppError("forbidden", `This needs the ${CAN[capability].join(" or ")} role`);
  }
}
