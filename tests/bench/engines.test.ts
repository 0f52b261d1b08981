// `npm run bench` runs on SQLite unless `--db` names a PostgreSQL server; each engine keeps its own results file.
import { describe, expect, it } from "vitest";
import { benchEngine } from "../../bench/engines/select.ts";

describe("benchEngine", () => {
  it("runs on SQLite into bench/results.json without --db", () => {
    expect(benchEngine(["node", "run.js", "--quick"])).toMatchObject({
      name: "SQLite",
      args: [],
      resultsFile: "bench/results.json",
    });
  });

  it.each([
    [["--db", "postgres://postgres@127.0.0.1:5432/postgres"]],
    [["--db=postgres://postgres@127.0.0.1:5432/postgres"]],
  ])("runs on PostgreSQL into bench/results.postgres.json with %j, and passes the server on", (args) => {
    expect(benchEngine(["node", "run.js", "--quick", ...args])).toMatchObject({
      name: "PostgreSQL",
      args: ["--db", "postgres://postgres@127.0.0.1:5432/postgres"],
      resultsFile: "bench/results.postgres.json",
    });
  });

  it.each([[["--db"]], [["--db", "file:.tmp/bench.db"]], [["--db=mysql://localhost/ponte"]]])(
    "refuses %j with an example of what it takes",
    (args) => {
      expect(() => benchEngine(["node", "run.js", ...args])).toThrow(
        "--db takes a PostgreSQL server's URL, e.g. --db postgres://postgres@127.0.0.1:5432/postgres",
      );
    },
  );
});
