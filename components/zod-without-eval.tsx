"use client";

import { z } from "zod";

// zod 4 compiles object parsers with `new Function` when it can, and finds out by trying one.
// The CSP (proxy.ts) forbids eval, so that probe would be a violation report on every form
// page; zod's interpreter is fast enough for forms.
z.config({ jitless: true });

/** Rendered once in the root layout so the setting is in place before any form parses. */
export function ZodWithoutEval() {
  return null;
}
