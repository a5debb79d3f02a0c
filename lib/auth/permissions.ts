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

// Roles are nested (domain.md): an admin does everything, a reviewer also labels.
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
