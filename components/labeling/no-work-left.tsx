import Link from "next/link";
import { WaitingLinksLoader } from "@/components/my-work/waiting-links-loader";

export function NoWorkLeft({ projectName }: { projectName: string }) {
  return (
    <main className="page">
      <div className="card stack">
        <h1>No work left in this project</h1>
        <p className="muted">
          You have answered or skipped every prompt of <strong>{projectName}</strong> that still needs a response. More
          may appear when new prompts are imported or when someone else&apos;s task lapses.
        </p>
        <WaitingLinksLoader />
        <div className="row">
          <Link href="/" className="button button-primary">
            Back to your projects
          </Link>
        </div>
      </div>
    </main>
  );
}
