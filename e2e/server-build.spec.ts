import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The production build the other specs run against: gpt-tokenizer (the o200k_base and cl100k_base tables) is
// loaded by Node from node_modules, never bundled into the server's chunks. Bundled, every server layer that
// imports it (route handlers and server components; client components rendered on the server) instantiates
// its own copy of the 200,000-entry rank table, and each copy makes every full garbage collection of the
// server longer (docs/decisions/031-tokenizer-loaded-once-on-the-server.md).

const SERVER = path.join(__dirname, "..", process.env.NEXT_DIST_DIR || ".next", "server");

function javascriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return javascriptFiles(file);
    return entry.name.endsWith(".js") ? [file] : [];
  });
}

test("the server build loads the tokenizer from node_modules instead of bundling its tables", () => {
  const files = javascriptFiles(SERVER);
  expect(files.length).toBeGreaterThan(10);
  // A property of gpt-tokenizer's encoder that minification keeps: present in any bundled copy.
  const bundled = files.filter((file) => readFileSync(file, "utf8").includes("bytePairStringRankEncoder"));
  expect(bundled.map((file) => path.relative(SERVER, file))).toEqual([]);
});
