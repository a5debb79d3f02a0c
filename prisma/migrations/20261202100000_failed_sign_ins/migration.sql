-- Wrong passwords tried on an account since its owner last signed in, shown to the owner at their
-- next sign-in (lib/auth/failed-sign-ins.ts).
ALTER TABLE "users" ADD COLUMN "failed_sign_ins" INTEGER NOT NULL DEFAULT 0;
