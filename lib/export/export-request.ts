import { DEFAULT_VALIDATION_FRACTION, type ExportFormat } from "@/lib/export/schemas";

/** What the export screen lets a person choose, as form text; every key is the API's own parameter name. */
export type ExportChoice = {
  format: ExportFormat;
  status: "accepted" | "submitted" | "all";
  since: string;
  until: string;
  guidelinesVersion: string;
  labeler: string;
  minScore: string;
  split: "" | "train" | "validation";
  validationFraction: string;
  includeMetadata: boolean;
  limit: string;
};

export const DEFAULT_EXPORT_CHOICE: ExportChoice = {
  format: "openai",
  status: "accepted",
  since: "",
  until: "",
  guidelinesVersion: "",
  labeler: "",
  minScore: "",
  split: "",
  validationFraction: "",
  includeMetadata: false,
  limit: "",
};

/**
 * The query string of `GET /api/v1/projects/{id}/export` for a choice: only what differs from the
 * API's defaults, in the order of docs/formats.md, so the URL reads like the request a person would
 * write by hand. Values go as typed; the API judges them (one set of rules, lib/export/schemas.ts).
 */
export function exportSearchParams(choice: ExportChoice): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string) => {
    if (value.trim() !== "") params.set(key, value.trim());
  };
  if (choice.format !== "openai") params.set("format", choice.format);
  if (choice.status !== "accepted") params.set("status", choice.status);
  set("since", choice.since);
  set("until", choice.until);
  set("guidelinesVersion", choice.guidelinesVersion);
  set("labeler", choice.labeler);
  set("minScore", choice.minScore);
  set("limit", choice.limit);
  if (choice.includeMetadata) params.set("include", "metadata");
  if (choice.split) {
    params.set("split", choice.split);
    if (choice.validationFraction.trim() !== "" && Number(choice.validationFraction) !== DEFAULT_VALIDATION_FRACTION) {
      params.set("validationFraction", choice.validationFraction.trim());
    }
  }
  return params;
}

/** The placeholder a curl line carries instead of a secret: the reader sets it to a token of their own. */
export const TOKEN_PLACEHOLDER = "$EXEMPLAR_TOKEN";

/**
 * The same export as a shell command. The URL is single-quoted (its `&` must not reach the shell);
 * the header is double-quoted so the shell puts the token in from the environment, and no secret
 * is ever written into the command itself.
 */
export function curlCommand(origin: string, projectRef: string, params: URLSearchParams): string {
  const query = params.toString();
  const url = `${origin}/api/v1/projects/${encodeURIComponent(projectRef)}/export${query ? `?${query}` : ""}`;
  return `curl -sS --fail-with-body --compressed -OJ -H "Authorization: Bearer ${TOKEN_PLACEHOLDER}" '${url.replaceAll("'", "%27")}'`;
}
