/** Collects bound parameters while SQL is assembled: user input only ever reaches the database as `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ""): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}
