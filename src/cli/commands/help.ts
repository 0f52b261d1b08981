// `help`: every command's synopsis and the importable kinds, generated from the registries so it never drifts.
import { importers } from "../importers/index.ts";
import { type Command, EXIT } from "./command.ts";

export function helpText(commands: readonly Command[]): string[] {
  return [
    "Ponte admin commands: npm run cli -- <command>",
    "",
    ...commands.flatMap((command) => command.usage.map((line) => `  ${line}`)),
    "  help",
    "",
    "Imports are all-or-nothing: every row is checked first and nothing is written if any row is wrong.",
    "Kinds (import them in this order):",
    ...importers.map((importer) => `  ${importer.kind.padEnd(12)} ${importer.summary}`),
    "Column formats and examples: docs/csv-formats.md, docs/plans-import.md and docs/examples/.",
    "Database and key come from the same environment as the bot: DATABASE_URL, ENCRYPTION_KEY, TIMEZONE.",
    "Backups, restoring and key rotation: docs/backup-restore.md.",
  ];
}

export function helpCommand(commands: readonly Command[]): Command {
  return {
    name: "help",
    usage: [],
    async run({ io }) {
      for (const line of helpText(commands)) io.out(line);
      return EXIT.ok;
    },
  };
}
