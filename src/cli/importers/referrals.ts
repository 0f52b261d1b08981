// `import referrals`: referrals (segnalazioni) with their decision. A referral taken in charge names the person by
// code (import the person first with `import people`); one still pending or declined may carry the name instead.
import { z } from "zod";
import { DECLINE_REASONS, REFERRAL_SOURCES, REFERRAL_STATUSES } from "../../domain/referrals.ts";
import { localDate } from "../../domain/weeks.ts";
import { recordAudit } from "../../services/audit.ts";
import { reserveIds } from "../../services/row-ids.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { personCode } from "./legal-statuses.ts";
import { noSuchSite, sitesByPrefix } from "./lookups.ts";
import { noSuchPerson, peopleByCode } from "./person-lookup.ts";
import type { Importer, RowError } from "./types.ts";

const COLUMNS = {
  required: ["site", "received_date", "source"],
  optional: ["institution", "person_code", "given_name", "family_name", "status", "decided_date", "decline_reason"],
} as const;

const rowSchema = z.object({
  site: cell.sitePrefix(),
  received_date: cell.date(),
  source: cell.code(REFERRAL_SOURCES),
  institution: cell.text(120).optional(),
  person_code: personCode().optional(),
  given_name: cell.text(80).optional(),
  family_name: cell.text(80).optional(),
  status: cell.code(REFERRAL_STATUSES).optional(),
  decided_date: cell.date().optional(),
  decline_reason: cell.code(DECLINE_REASONS).optional(),
});

export const referralsImporter: Importer = {
  kind: "referrals",
  summary: "referrals with their decision (names encrypted; people taken in charge by code)",
  async run(deps, fileText) {
    const now = deps.clock();
    const today = localDate(now, deps.timeZone);
    const read = readCsv(fileText, COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const sites = await sitesByPrefix(deps);
    const people = await peopleByCode(
      deps,
      checked.flatMap((row) => (row.value.person_code ? [row.value.person_code] : [])),
    );
    const valid = checked.flatMap((row) => {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line: row.line, column, reason });
      const value = row.value;
      const status = value.status ?? "pending";
      const site = sites.get(value.site);
      if (!site) problem("site", noSuchSite(value.site));
      if (value.received_date > today) problem("received_date", `must not be in the future (today is ${today})`);
      const person = value.person_code ? people.get(value.person_code) : undefined;
      if (value.person_code && !person) problem("person_code", noSuchPerson(value.person_code));
      if (value.person_code && (value.given_name || value.family_name))
        problem("given_name", "leave the names empty when the person is named by code");
      if (!value.person_code && !(value.given_name && value.family_name))
        problem(value.given_name ? "family_name" : "given_name", "is required without a person_code");
      if (status === "accepted" && !value.person_code)
        problem("person_code", "is required for a referral taken in charge (import the person first)");
      if (status === "pending" && value.decided_date) problem("decided_date", "must be empty while pending");
      if (status !== "pending" && !value.decided_date) problem("decided_date", `is required when ${status}`);
      if (value.decided_date && value.decided_date < value.received_date)
        problem("decided_date", "must not be before the received_date");
      if (value.decided_date && value.decided_date > today)
        problem("decided_date", `must not be in the future (today is ${today})`);
      if (status === "declined" && !value.decline_reason) problem("decline_reason", "is required when declined");
      if (status !== "declined" && value.decline_reason) problem("decline_reason", "only for declined referrals");
      if (value.institution && value.source !== "prison") problem("institution", "only for the source prison");
      errors.push(...rowErrors);
      return site && rowErrors.length === 0
        ? [{ ...value, status, siteId: site.id, personId: person?.id ?? null }]
        : [];
    });
    return writeAllOrNothing(deps, "referrals", valid.length, errors, async (tx) => {
      // One reservation for the whole file: the names are sealed for their rows.
      const firstId = valid.length > 0 ? await reserveIds(tx, "Referral", valid.length) : 0;
      for (const [index, row] of valid.entries()) {
        const id = firstId + index;
        const referral = await tx.referral.create({
          data: {
            id,
            siteId: row.siteId,
            receivedOn: row.received_date,
            source: row.source,
            institution: row.institution ?? null,
            personId: row.personId,
            givenNameEnc:
              row.personId === null ? deps.cipher.encrypt(row.given_name as string, "Referral.givenNameEnc", id) : null,
            familyNameEnc:
              row.personId === null
                ? deps.cipher.encrypt(row.family_name as string, "Referral.familyNameEnc", id)
                : null,
            status: row.status,
            decidedOn: row.decided_date ?? null,
            declineReason: row.decline_reason ?? null,
            createdAt: now,
          },
        });
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "referral.create",
          subjectType: "referral",
          subjectId: referral.id,
          personId: row.personId,
          details: { siteId: row.siteId, source: row.source, status: row.status, via: "import" },
          at: now,
        });
      }
    });
  },
};
