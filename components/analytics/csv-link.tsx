import type { CsvTable } from "@/lib/analytics/analytics-csv";

/** A plain link: the API answers with a file download, not a page (same as the JSONL export). */
export function CsvLink({ projectId, table, label }: { projectId: string; table: CsvTable; label: string }) {
  return (
    <a
      className="button button-small"
      href={`/api/v1/projects/${projectId}/stats/${table}.csv`}
      download
      aria-label={`Download ${label} as CSV`}
    >
      Download CSV
    </a>
  );
}
