import "server-only";
import { prisma } from "@/lib/db";

export type AcknowledgementRow = { version: number; acknowledged_at: Date };

/** Records that the user read this version of the project's guidelines; never moves back to an older one. */
export async function acknowledgeRow(userId: string, projectId: string, version: number): Promise<AcknowledgementRow> {
  const [row] = await prisma.$queryRaw<AcknowledgementRow[]>`
    INSERT INTO guidelines_acknowledgements (user_id, project_id, version)
    VALUES (${userId}::uuid, ${projectId}::uuid, ${version}::int)
    ON CONFLICT (user_id, project_id) DO UPDATE
      SET version = GREATEST(guidelines_acknowledgements.version, EXCLUDED.version),
          acknowledged_at = now()
    RETURNING version, acknowledged_at`;
  return row!;
}
