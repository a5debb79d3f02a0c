import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { NewProjectForm } from "@/components/projects/new-project-form";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  await requireActor("admin");
  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/admin/projects">Projects</Link> / New
      </nav>
      <h1>New project</h1>
      <div className="card">
        <NewProjectForm />
      </div>
    </main>
  );
}
