// The dispatcher behind `npm run cli -- <command> …`, separate from process wiring so tests can drive it.
import { RECORD_EXPORTS } from "../../services/reports/exports.ts";
import { backupCommand } from "./backup.ts";
import { type Command, type CommandContext, EXIT, type ExitCode, UsageError } from "./command.ts";
import { exportCommand } from "./export.ts";
import { helpCommand, helpText } from "./help.ts";
import { importCommand } from "./import.ts";
import { inviteCommand } from "./invite.ts";
import { migrateToPostgresCommand } from "./migrate-to-postgres.ts";
import { personCommand } from "./person.ts";
import { REPORT_USAGE, runReportCommand } from "./report.ts";
import { rotateKeyCommand } from "./rotate-key.ts";
import { staffCommand } from "./staff.ts";

// report.ts takes the whole argv and prints its own usage errors; `export` is one word for two modules:
// people|staff (export.ts) and sessions|attendance|events (report.ts).
const reportCommand: Command = {
  name: "report",
  usage: REPORT_USAGE.filter((line) => line.startsWith("report ")),
  run: (context, args) => runReportCommand(["report", ...args], context),
};
const exportAnyCommand: Command = {
  name: "export",
  usage: [...exportCommand.usage, ...REPORT_USAGE.filter((line) => line.startsWith("export "))],
  run: (context, args) =>
    (RECORD_EXPORTS as readonly string[]).includes(args[0] ?? "")
      ? runReportCommand(["export", ...args], context)
      : exportCommand.run(context, args),
};

const COMMANDS = [
  importCommand,
  exportAnyCommand,
  reportCommand,
  staffCommand,
  inviteCommand,
  personCommand,
  backupCommand,
  rotateKeyCommand,
  migrateToPostgresCommand,
];
const ALL_COMMANDS = [...COMMANDS, helpCommand(COMMANDS)];

export async function runCli(argv: readonly string[], context: CommandContext): Promise<ExitCode> {
  const [name, ...args] = argv;
  const command = ALL_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    if (name !== undefined) context.io.err(`Unknown command "${name}".`);
    for (const line of helpText(COMMANDS)) context.io.err(line);
    return EXIT.usage;
  }
  try {
    return await command.run(context, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.io.err(`Usage error: ${error.message}`);
    for (const line of command.usage) context.io.err(`  npm run cli -- ${line}`);
    return EXIT.usage;
  }
}
