// `export people|staff [--out file] [--with-names]`: CSV in the import format, to a file or to stdout.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { exportPeople } from "../exporters/people.ts";
import { exportStaff } from "../exporters/staff.ts";
import type { Export } from "../../services/csv-export.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { type Command, EXIT, parseOptions, UsageError } from "./command.ts";

interface Exporter {
  canIncludeNames: boolean;
  run(deps: ServiceDeps, withNames: boolean): Promise<Export>;
}

const EXPORTERS: Record<string, Exporter> = {
  people: { canIncludeNames: true, run: (deps, withNames) => exportPeople(deps, { withNames }) },
  staff: { canIncludeNames: false, run: (deps) => exportStaff(deps) },
};

export const exportCommand: Command = {
  name: "export",
  usage: ["export people [--out file.csv] [--with-names]", "export staff [--out file.csv]"],
  async run({ io, services, cwd }, args) {
    const parsed = parseOptions({
      args,
      allowPositionals: true,
      options: { out: { type: "string" }, "with-names": { type: "boolean", default: false } },
    });
    const [kind, ...extra] = parsed.positionals;
    const exporter = kind === undefined ? undefined : EXPORTERS[kind];
    if (!exporter || extra.length > 0) {
      throw new UsageError(`export what? one of: ${Object.keys(EXPORTERS).join(", ")}`);
    }
    const withNames = parsed.values["with-names"] ?? false;
    if (withNames && !exporter.canIncludeNames) throw new UsageError(`--with-names only applies to: export people`);
    const result = await exporter.run(await services(), withNames);
    const rows = `${result.rows} ${result.rows === 1 ? "row" : "rows"} of ${kind}${withNames ? " WITH NAMES (audited)" : ""}`;
    if (!parsed.values.out) {
      io.write(result.csv);
      io.err(`Exported ${rows}.`);
      return EXIT.ok;
    }
    // Owner-only: an export may hold names, and always holds case data.
    await writeFile(path.resolve(cwd, parsed.values.out), result.csv, { mode: 0o600 });
    io.out(`Exported ${rows} to ${parsed.values.out}.`);
    return EXIT.ok;
  },
};
