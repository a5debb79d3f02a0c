import { apiRoute, json } from "@/lib/api/handler";
import { removeMember } from "@/lib/projects/members";

/** Removes the member; the tasks they held go back to the pool, their drafts and responses stay. */
export const DELETE = apiRoute({ capability: "admin" }, async ({ actor, params }) =>
  json(await removeMember(actor, params.id!, params.userId!)),
);
