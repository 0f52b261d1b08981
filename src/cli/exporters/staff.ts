// `export staff`: active staff in the import format, one row per membership.
import { recordAudit } from "../../services/audit.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { type Export, toCsv } from "../../services/csv-export.ts";

// The columns of `import staff`, in the order of docs/csv-formats.md.
const COLUMNS = ["telegram_id", "display_name", "phone", "locale", "role", "site"];

export async function exportStaff(deps: ServiceDeps): Promise<Export> {
  const staff = await deps.db.staff.findMany({
    where: { active: true },
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    include: { memberships: { orderBy: { id: "asc" }, include: { site: { select: { codePrefix: true } } } } },
  });
  const records = staff.flatMap((member) =>
    member.memberships.map((membership) => ({
      telegram_id: String(member.telegramId),
      display_name: member.displayName,
      phone: member.phone ?? "",
      locale: member.locale,
      role: membership.role,
      site: membership.site?.codePrefix ?? "",
    })),
  );
  await recordAudit(deps.db, deps.cipher, {
    actorId: null,
    action: "export",
    subjectType: "export",
    subjectId: "staff",
    details: { kind: "staff", rows: records.length },
    at: deps.clock(),
  });
  return toCsv(records, COLUMNS);
}
