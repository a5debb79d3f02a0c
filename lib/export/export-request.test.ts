import { describe, expect, it } from "vitest";
import { curlCommand, DEFAULT_EXPORT_CHOICE, exportSearchParams } from "@/lib/export/export-request";
import { parseExportQuery } from "@/lib/export/schemas";

describe("the export screen's request", () => {
  it("is the bare URL for the defaults, so the plain export and the screen's agree", () => {
    expect(exportSearchParams(DEFAULT_EXPORT_CHOICE).toString()).toBe("");
  });

  it("names every choice with the API's own parameter, and the API accepts them", () => {
    const params = exportSearchParams({
      ...DEFAULT_EXPORT_CHOICE,
      format: "sharegpt",
      status: "all",
      since: "2026-01-01",
      until: "2026-02-01",
      guidelinesVersion: "2",
      labeler: "a2bfca25-4010-4796-b652-89efd0e80a57",
      minScore: "3.5",
      split: "validation",
      validationFraction: "0.1",
      includeMetadata: true,
      limit: "500",
    });
    expect(params.toString()).toBe(
      "format=sharegpt&status=all&since=2026-01-01&until=2026-02-01&guidelinesVersion=2&labeler=a2bfca25-4010-4796-b652-89efd0e80a57&minScore=3.5&limit=500&include=metadata&split=validation&validationFraction=0.1",
    );
    expect(parseExportQuery(params)).toMatchObject({
      format: "sharegpt",
      split: "validation",
      validationFraction: 0.1,
    });
  });

  it("leaves the fraction out without a split, and at its default", () => {
    expect(exportSearchParams({ ...DEFAULT_EXPORT_CHOICE, validationFraction: "0.2" }).toString()).toBe("");
    expect(
      exportSearchParams({ ...DEFAULT_EXPORT_CHOICE, split: "train", validationFraction: "0.05" }).toString(),
    ).toBe("split=train");
  });

  it("writes a curl line with a placeholder for the token, never a secret", () => {
    const params = exportSearchParams({ ...DEFAULT_EXPORT_CHOICE, format: "preference", status: "all" });
    expect(curlCommand("https://exemplar.example", "support", params)).toBe(
      `curl -sS --fail-with-body --compressed -OJ -H "Authorization: Bearer $EXEMPLAR_TOKEN" 'https://exemplar.example/api/v1/projects/support/export?format=preference&status=all'`,
    );
  });
});
