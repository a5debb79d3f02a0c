import { Markdown } from "@/components/markdown";
import { LocalTime } from "@/components/local-time";
import styles from "./projects.module.css";

type Version = { id: string; version: number; markdown: string; createdAt: Date; createdBy: { name: string } | null };

/** Every published version, newest first, each opened in place to read. */
export function GuidelinesHistory({ versions }: { versions: Version[] }) {
  if (versions.length <= 1) return <p className="muted small">No earlier versions.</p>;
  return (
    <ol className={styles.versions} aria-label="Earlier versions">
      {versions.slice(1).map((v) => (
        <li key={v.id}>
          <details>
            <summary>
              Version {v.version}{" "}
              <span className="muted small">
                · <LocalTime value={v.createdAt} />
                {v.createdBy ? ` · ${v.createdBy.name}` : ""}
              </span>
            </summary>
            <Markdown>{v.markdown}</Markdown>
          </details>
        </li>
      ))}
    </ol>
  );
}
