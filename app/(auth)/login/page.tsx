import type { Metadata } from "next";
import { Suspense } from "react";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/current-user";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await sessionActor()) redirect("/");
  return (
    <main className="login">
      <div className="card login-card">
        <h1>Exemplar</h1>
        <p className="muted">Sign in with the account your admin created for you.</p>
        <Suspense>
          <LoginForm />
        </Suspense>
      </div>
    </main>
  );
}
