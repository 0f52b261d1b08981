// `person export <code>` and `person erase <code> --yes`: data-subject requests (GDPR arts. 15 and 17).
// The services audit both; erasing is shown first and needs --yes, because it cannot be undone.
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { normalisePersonCode } from "../../domain/people.ts";
import { localDate } from "../../domain/weeks.ts";
import { exportPerson } from "../../services/data-subject.ts";
import { erasePerson } from "../../services/erasure.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { ServiceError } from "../../services/errors.ts";
import { type Command, type CommandContext, EXIT, type ExitCode, parseOptions, UsageError } from "./command.ts";
import { openShortName } from "../../services/person-names.ts";

async function exportCommand(
  { io, services, cwd }: CommandContext,
  code: string,
  out: string | undefined,
): Promise<ExitCode> {
  let document: Awaited<ReturnType<typeof exportPerson>>;
  try {
    document = await exportPerson(await services(), code);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    io.err(`No person has the code ${code}.`);
    return EXIT.failed;
  }
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const summary = `the data of ${document.person.code} (names included; recorded in the audit log)`;
  if (!out) {
    io.write(json);
    io.err(`Exported ${summary}.`);
    return EXIT.ok;
  }
  const file = path.resolve(cwd, out);
  await writeFile(file, json, { mode: 0o600 });
  // The mode above applies only to a new file: an overwritten one must become owner-only too.
  await chmod(file, 0o600);
  io.out(`Exported ${summary} to ${out}.`);
  return EXIT.ok;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

async function findPerson(deps: ServiceDeps, code: string) {
  const normalised = normalisePersonCode(code) ?? code.trim().toUpperCase();
  return deps.db.person.findUnique({
    where: { code: normalised },
    include: { _count: { select: { plans: true, attendance: true, events: true } } },
  });
}

async function eraseCommand({ io, services }: CommandContext, code: string, confirmed: boolean): Promise<ExitCode> {
  const deps = await services();
  const person = await findPerson(deps, code);
  if (!person) {
    io.err(`No person has the code ${code}.`);
    return EXIT.failed;
  }
  if (person.erasedAt) {
    io.out(`${person.code} was already erased on ${localDate(person.erasedAt, deps.timeZone)}.`);
    return EXIT.ok;
  }
  const anonymousCode = `ERASED-${person.id}`;
  if (!confirmed) {
    const name = openShortName(deps.cipher, person);
    const { plans, attendance, events } = person._count;
    const records = [count(plans, "plan"), count(attendance, "session"), count(events, "critical event")].join(", ");
    io.err(`This would erase ${person.code} · ${name} (${records}):`);
    io.err("  - given and family name, the name search index and the referring service;");
    io.err("  - plan objectives, crisis notes, goals, interventions and network contacts;");
    io.err("  - notes of sessions they attended alone; descriptions, actions and follow-ups of their critical events;");
    io.err("  - reasons given to break the glass on their plan, and the old code in the audit log;");
    io.err("  - conversations, drafts, queued messages and unhandled updates that mention them;");
    io.err("  - then the WAL is truncated and the file vacuumed, so no freed page keeps a copy.");
    io.err(
      `The code becomes ${anonymousCode}. Dates, statuses and attendance stay, anonymous, so past reports still add up.`,
    );
    io.err("It cannot be undone (backups taken before keep the data until they are deleted).");
    io.err(`Nothing was erased. To go ahead: npm run cli -- person erase ${person.code} --yes`);
    return EXIT.failed;
  }
  await erasePerson(deps, person.code);
  io.out(`Erased ${person.code}: it is now ${anonymousCode}, with no name or free text. Recorded in the audit log.`);
  return EXIT.ok;
}

export const personCommand: Command = {
  name: "person",
  usage: ["person export <code> [--out file.json]", "person erase <code> --yes"],
  async run(context, args) {
    const [action, ...rest] = args;
    if (action === "export") {
      const { values, positionals } = parseOptions({
        args: rest,
        allowPositionals: true,
        options: { out: { type: "string" } },
      });
      const [code, ...extra] = positionals;
      if (code === undefined || extra.length > 0)
        throw new UsageError("give exactly one person code: person export <code>");
      return exportCommand(context, code, values.out);
    }
    if (action === "erase") {
      const { values, positionals } = parseOptions({
        args: rest,
        allowPositionals: true,
        options: { yes: { type: "boolean" } },
      });
      const [code, ...extra] = positionals;
      if (code === undefined || extra.length > 0)
        throw new UsageError("give exactly one person code: person erase <code> --yes");
      return eraseCommand(context, code, values.yes === true);
    }
    throw new UsageError("person export <code> | person erase <code> --yes");
  },
};
