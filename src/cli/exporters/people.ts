// `export people`: the people in charge in the import format, pseudonymised (no names) unless names are asked for.
import { recordAudit } from "../../services/audit.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { openNames } from "../../services/person-names.ts";
import { type Export, toCsv } from "../../services/csv-export.ts";

// The columns of `import people`, in the order of docs/csv-formats.md (the round-trip test keeps them in step).
const COLUMNS = [
  "code",
  "given_name",
  "family_name",
  "birth_year",
  "gender",
  "legal_status",
  "fragilities",
  "referring_service",
  "intake_date",
  "site",
  "case_manager_telegram_id",
];
const NAME_COLUMNS = ["given_name", "family_name"];

export async function exportPeople(deps: ServiceDeps, options: { withNames: boolean }): Promise<Export> {
  const people = await deps.db.person.findMany({
    where: { erasedAt: null },
    orderBy: { code: "asc" },
    include: {
      fragilities: { orderBy: { flag: "asc" } },
      sites: { where: { toOn: null }, include: { site: { select: { codePrefix: true } } } },
      legalStatuses: { orderBy: { fromOn: "asc" }, take: 1 },
      caseManager: { select: { telegramId: true } },
    },
  });
  const columns = COLUMNS.filter((column) => options.withNames || !NAME_COLUMNS.includes(column));
  const records = people.map((person) => {
    const names = options.withNames ? openNames(deps.cipher, person) : null;
    return {
      code: person.code,
      given_name: names?.givenName,
      family_name: names?.familyName,
      birth_year: person.birthYear ?? "",
      gender: person.gender ?? "",
      // As in the import: the status at intake; later changes are periods of their own (import legal-statuses).
      legal_status: person.legalStatuses[0]?.status ?? "",
      fragilities: person.fragilities.map((f) => f.flag).join(";"),
      referring_service: person.referringService ?? "",
      intake_date: person.intakeOn,
      site: person.sites.map((s) => s.site.codePrefix).join(";"),
      case_manager_telegram_id: person.caseManager ? String(person.caseManager.telegramId) : "",
    };
  });
  await recordAudit(deps.db, deps.cipher, {
    actorId: null,
    action: "export",
    subjectType: "export",
    subjectId: "people",
    details: { kind: "people", rows: records.length, withNames: options.withNames },
    at: deps.clock(),
  });
  return toCsv(records, columns);
}
