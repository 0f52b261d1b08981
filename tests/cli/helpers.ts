// Shared by the CLI tests: a programme with the two sites the example files use, captured command output,
// and the example files themselves.
import { readFileSync } from "node:fs";
import type { CliOutput, CommandContext } from "../../src/cli/commands/command.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";

export async function seedSites(deps: ServiceDeps) {
  const programme = await deps.db.programme.create({
    data: {
      code: "spazio-zero",
      name: "Spazio Zero",
      funder: "Cassa delle Ammende",
      startsOn: "2025-11-01",
      endsOn: "2027-04-30",
    },
  });
  const site = (name: string, codePrefix: string) =>
    deps.db.site.create({ data: { programmeId: programme.id, name, kind: "day_centre_inside", codePrefix } });
  return {
    programmeId: programme.id,
    bollate: await site("CR Milano-Bollate", "BOL"),
    opera: await site("CR Milano-Opera", "OPE"),
  };
}

export function example(kind: string): string {
  return readFileSync(`docs/examples/${kind}.csv`, "utf8");
}

export interface CapturedOutput extends CliOutput {
  stdout: string;
  stderr: string;
}

export function captureOutput(): CapturedOutput {
  const captured: CapturedOutput = {
    stdout: "",
    stderr: "",
    out: (line) => {
      captured.stdout += `${line}\n`;
    },
    err: (line) => {
      captured.stderr += `${line}\n`;
    },
    write: (data) => {
      captured.stdout += data;
    },
  };
  return captured;
}

export function commandContext(
  deps: ServiceDeps,
  io: CliOutput,
  cwd = process.cwd(),
  env: CommandContext["env"] = {},
): CommandContext {
  return { io, services: async () => deps, cwd, env };
}
