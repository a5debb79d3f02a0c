import { describe, expect, it } from "vitest";
import { csvText, toCsv } from "@/lib/analytics/csv";

describe("CSV (RFC 4180) with a formula-injection guard", () => {
  it("quotes fields with commas, quotes or line breaks, doubling inner quotes, and ends records with CRLF", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["plain", 'say "hi", then go'],
          ["two\nlines", "cr\rhere"],
        ],
      ),
    ).toBe('a,b\r\nplain,"say ""hi"", then go"\r\n"two\nlines","cr\rhere"\r\n');
  });

  it("writes numbers as numbers (negative ones too) and nothing for null, undefined or NaN", () => {
    expect(toCsv(["x"], [[-0.25], [0], [null], [undefined], [Number.NaN], [1e21]])).toBe(
      "x\r\n-0.25\r\n0\r\n\r\n\r\n\r\n1e+21\r\n",
    );
  });

  it("defuses text that a spreadsheet would run as a formula", () => {
    expect(csvText("=1+1")).toBe("'=1+1");
    expect(csvText("+SUM(A1)")).toBe("'+SUM(A1)");
    expect(csvText("-2+3")).toBe("'-2+3");
    expect(csvText("@cmd")).toBe("'@cmd");
    expect(csvText("\tTAB")).toBe("'\tTAB");
    expect(csvText("\r=x")).toBe(`"'\r=x"`);
    expect(csvText('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    // Only a leading character is dangerous.
    expect(csvText("a=b")).toBe("a=b");
    expect(csvText("Zoë O'Brien")).toBe("Zoë O'Brien");
  });

  it("guards header cells too (criterion keys can come from old reviews)", () => {
    expect(toCsv(["=x"], [])).toBe("'=x\r\n");
  });
});
