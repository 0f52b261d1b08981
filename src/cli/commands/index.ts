// The dispatcher behind `npm run cli -- <command> …`, separate from process wiring so tests can drive it.
import { backupCommand } from "./backup.ts";
import { type CommandContext, EXIT, type ExitCode, UsageError } from "./command.ts";
import { exportCommand } from "./export.ts";
import { helpCommand, helpText } from "./help.ts";
import { importCommand } from "./import.ts";
import { inviteCommand } from "./invite.ts";
import { personCommand } from "./person.ts";
import { rotateKeyCommand } from "./rotate-key.ts";
import { staffCommand } from "./staff.ts";

const COMMANDS = [importCommand, exportCommand, staffCommand, inviteCommand, personCommand, backupCommand, rotateKeyCommand];
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
