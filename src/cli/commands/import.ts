// `import <kind> <file.csv>`: runs one importer; prints every row error, or how many rows landed.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { importers } from "../importers/index.ts";
import type { ImportResult, RowError } from "../importers/types.ts";
import { type Command, EXIT, UsageError } from "./command.ts";

export function formatRowError({ line, column, reason }: RowError): string {
  return column ? `line ${line}, column ${column}: ${reason}` : `line ${line}: ${reason}`;
}

export const importCommand: Command = {
  name: "import",
  usage: importers.map((importer) => `import ${importer.kind} <file.csv>`),
  async run({ io, services, cwd }, args) {
    const [kind, file, ...extra] = args;
    const importer = importers.find((candidate) => candidate.kind === kind);
    if (!importer) throw new UsageError(`import what? one of: ${importers.map((i) => i.kind).join(", ")}`);
    if (!file || extra.length > 0) throw new UsageError(`give exactly one file: import ${importer.kind} <file.csv>`);
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, file), "utf8");
    } catch (error) {
      io.err(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return EXIT.failed;
    }
    const deps = await services();
    let result: ImportResult;
    try {
      result = await importer.run(deps, text);
    } catch (error) {
      // The write is one transaction: whatever failed, it rolled back as a whole.
      io.err(
        `The import of ${file} failed and nothing was written: ${error instanceof Error ? error.message : String(error)}`,
      );
      return EXIT.failed;
    }
    if (result.errors.length > 0) {
      for (const error of result.errors) io.err(formatRowError(error));
      const count = result.errors.length === 1 ? "1 error" : `${result.errors.length} errors`;
      io.err(`Nothing was imported from ${file}: ${count}. Fix the file and run the import again.`);
      return EXIT.failed;
    }
    io.out(`Imported ${result.imported} ${result.imported === 1 ? "row" : "rows"} of ${importer.kind} from ${file}.`);
    return EXIT.ok;
  },
};
