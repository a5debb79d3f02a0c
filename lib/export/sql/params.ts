/**
 * Collects bound parameters while SQL is assembled: user input reaches the database as `$n`, or, on the
 * binary COPY path (which takes no parameters), as literals quoted by the driver's `escapeLiteral`
 * (lib/export/copy-lines.ts `inlineParameters`). Never as text pasted into the SQL.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ""): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}
