import { errorCount, type ValidationReport } from "@/lib/export/validate-file";

/** The validator's report as the CLI prints it: errors by name with line numbers, warnings, statistics. */
export function formatValidationReport(report: ValidationReport, file: string): string {
  const out: string[] = [`${file}: ${report.examples} example(s), format ${report.format}`];
  const listed = (title: string, entries: ValidationReport["errors"]) => {
    const names = Object.keys(entries).sort();
    if (names.length === 0) return out.push(`${title}: none`);
    out.push(`${title}:`);
    for (const name of names) {
      const { count, lines } = entries[name]!;
      const more = count > lines.length ? ", …" : "";
      out.push(`  ${name}: ${count} (line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}${more})`);
    }
  };
  listed("errors", report.errors);
  listed("warnings", report.warnings);

  const { messages, tokens, assistantTokens } = report.stats;
  if (messages.size > 0) {
    out.push(
      "",
      `token statistics of ${messages.size} readable example(s); an estimate: cl100k_base, 3 tokens per message and 3 per example`,
      `as the OpenAI cookbook counts${report.format === "preference" ? " (preference: prompt + chosen)" : ""}`,
      `  ${"".padEnd(28)}${["min", "median", "p90", "max"].map((h) => h.padStart(9)).join("")}`,
    );
    const row = (label: string, h: typeof messages) => {
      const s = h.summary();
      const cell = (v: number | null) =>
        (v === null ? "-" : Number.isInteger(v) ? String(v) : v.toFixed(1)).padStart(9);
      out.push(`  ${label.padEnd(28)}${[s.min, s.median, s.p90, s.max].map(cell).join("")}`);
    };
    row("messages per example", messages);
    row("tokens per example", tokens);
    row("assistant tokens per example", assistantTokens);
    const over = report.warnings.example_over_token_limit?.count ?? 0;
    out.push(
      `  examples over ${report.maxTokens} tokens: ${over}${over ? " (they would be truncated in training)" : ""}`,
    );
  }
  const errors = errorCount(report);
  out.push("", errors === 0 ? "valid" : `invalid: ${errors} error(s)`);
  return out.join("\n");
}
