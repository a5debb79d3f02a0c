import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/schemas";
import { DEFAULT_MAX_TOKENS, errorCount, validateFile } from "@/lib/export/validate-file";
import { formatValidationReport } from "@/lib/export/validation-report";

/**
 * `validate FILE [--format openai] [--max-tokens 16385]`: the checks the export's tests run on every
 * format, on any JSONL file (gzipped when it ends in .gz). Exit code 1 when any line has an error.
 */
export async function validateCommand(file: string | undefined, flags: Record<string, string>): Promise<number> {
  if (!file) throw new Error("usage: validate FILE [--format openai] [--max-tokens 16385]");
  const format = (flags.format ?? "openai") as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  const maxTokens = flags["max-tokens"] === undefined ? DEFAULT_MAX_TOKENS : Number(flags["max-tokens"]);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error("--max-tokens must be a positive whole number");
  const report = await validateFile(file, { format, maxTokens });
  console.log(formatValidationReport(report, file));
  return errorCount(report) === 0 ? 0 : 1;
}
