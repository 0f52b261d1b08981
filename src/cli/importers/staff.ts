// `import staff`: one row per membership (a person with two roles or two sites has two rows).
// Existing active staff get the new memberships and the file's name/phone/language; deactivated staff are refused.
import { z } from "zod";
import { ROLES } from "../../domain/roles.ts";
import { recordAudit } from "../../services/audit.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { type ImportSite, noSuchSite, sitesByPrefix, staffByTelegramId } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const STAFF_COLUMNS = {
  required: ["telegram_id", "display_name", "role", "site"],
  optional: ["phone", "locale"],
} as const;

const rowSchema = z.object({
  telegram_id: cell.telegramId(),
  display_name: cell.text(64),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ./()-]{5,24}$/, "must be a phone number such as +39 333 123 4567")
    .optional(),
  locale: cell.code(["it", "en"]).optional(),
  role: cell.code(ROLES),
  site: cell.sitePrefix().optional(),
});
type StaffRow = z.output<typeof rowSchema>;

interface StaffToWrite {
  telegramId: number;
  existingId: number | null;
  profile: { displayName: string; phone?: string; locale?: "it" | "en" };
  memberships: { role: StaffRow["role"]; site: ImportSite | null }[];
}

export const staffImporter: Importer = {
  kind: "staff",
  summary: "staff members and their memberships (role at a site; admins without a site)",
  async run(deps, fileText) {
    const read = readCsv(fileText, STAFF_COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const sites = await sitesByPrefix(deps);
    const existingStaff = await staffByTelegramId(
      deps,
      checked.map((row) => row.value.telegram_id),
    );

    const byTelegramId = new Map<number, StaffToWrite & { firstLine: number }>();
    const lineOfMembership = new Map<string, number>();
    for (const { line, value } of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line, column, reason });
      let site: ImportSite | null = null;
      if (value.role === "admin") {
        if (value.site) problem("site", "must be empty for admin (admins work on every site)");
      } else if (!value.site) {
        problem("site", `is required for the role ${value.role}`);
      } else {
        site = sites.get(value.site) ?? null;
        if (!site) problem("site", noSuchSite(value.site));
      }
      const existing = existingStaff.get(value.telegram_id);
      if (existing && !existing.active) {
        problem("telegram_id", `${existing.displayName} was deactivated: an import does not give access back`);
      }
      const membershipKey = `${value.telegram_id}:${value.role}:${value.site ?? ""}`;
      const repeated = lineOfMembership.get(membershipKey);
      if (repeated !== undefined) problem("role", `repeats line ${repeated}`);
      lineOfMembership.set(membershipKey, repeated ?? line);

      const sameStaff = byTelegramId.get(value.telegram_id);
      if (sameStaff) {
        // Several rows describe one person: their name, phone and language must agree.
        const { profile } = sameStaff;
        const disagree = (column: string, mine: string | undefined, theirs: string | undefined) => {
          if (mine !== undefined && theirs !== undefined && mine !== theirs) {
            problem(column, `differs from line ${sameStaff.firstLine} for the same telegram_id`);
          }
        };
        disagree("display_name", value.display_name, profile.displayName);
        disagree("phone", value.phone, profile.phone);
        disagree("locale", value.locale, profile.locale);
        profile.phone ??= value.phone;
        profile.locale ??= value.locale;
      }
      errors.push(...rowErrors);
      if (rowErrors.length > 0) continue;
      const staff = sameStaff ?? {
        firstLine: line,
        telegramId: value.telegram_id,
        existingId: existing?.id ?? null,
        profile: { displayName: value.display_name, phone: value.phone, locale: value.locale },
        memberships: [],
      };
      staff.memberships.push({ role: value.role, site });
      byTelegramId.set(value.telegram_id, staff);
    }

    return writeAllOrNothing(deps, "staff", checked.length, errors, async (tx) => {
      const now = deps.clock();
      for (const staff of byTelegramId.values()) {
        const { displayName, phone, locale } = staff.profile;
        const { id: staffId } = staff.existingId
          ? await tx.staff.update({ where: { id: staff.existingId }, data: { displayName, phone, locale } })
          : await tx.staff.create({
              data: { telegramId: BigInt(staff.telegramId), displayName, phone, locale, createdAt: now },
            });
        for (const { role, site } of staff.memberships) {
          const siteId = site?.id ?? null;
          if (await tx.membership.findFirst({ where: { staffId, role, siteId } })) continue;
          // Like a redeemed invite: a site role carries the site's programme; an admin's null means every programme.
          await tx.membership.create({
            data: { staffId, role, siteId, programmeId: site?.programmeId ?? null, createdAt: now },
          });
          await recordAudit(tx, deps.cipher, {
            actorId: null,
            action: "membership.create",
            subjectType: "staff",
            subjectId: staffId,
            details: { role, siteId, via: "import" },
            at: now,
          });
        }
      }
    });
  },
};
