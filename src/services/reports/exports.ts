// CSV exports of sessions, attendance and critical events for a period, pseudonymised: people appear by code,
// staff by id, and no free text (notes, descriptions) ever leaves the database. Every export is audited.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { z } from "zod";
import { type Export, toCsv } from "../csv-export.ts";
import { recordAudit } from "../audit.ts";
import type { ServiceDeps } from "../deps.ts";

export const RECORD_EXPORTS = ["sessions", "attendance", "events"] as const;
export type RecordExport = (typeof RECORD_EXPORTS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dates must be YYYY-MM-DD");

export const exportRequest = z
  .object({ kind: z.enum(RECORD_EXPORTS), from: isoDate, to: isoDate })
  .refine((request) => request.from <= request.to, "--from must not come after --to");
export type ExportRequest = z.input<typeof exportRequest>;

/** Records whose occurredOn (Rome date) is in [from, to]; voided sessions are left out, as in every report. */
export async function exportRecords(deps: ServiceDeps, request: ExportRequest): Promise<Export> {
  const { kind, from, to } = exportRequest.parse(request);
  const period = { occurredOn: { gte: from, lte: to } };
  const instant = (value: Date | null) =>
    value === null ? "" : format(new TZDate(value.getTime(), deps.timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
  const exported = await EXPORTERS[kind](deps, period, instant);
  await recordAudit(deps.db, deps.cipher, {
    actorId: null,
    action: "export",
    subjectType: "export",
    subjectId: kind,
    details: { kind, from, to, rows: exported.rows },
    at: deps.clock(),
  });
  return exported;
}

type Period = { occurredOn: { gte: string; lte: string } };
type Instant = (value: Date | null) => string;

const EXPORTERS: Record<RecordExport, (deps: ServiceDeps, period: Period, instant: Instant) => Promise<Export>> = {
  async sessions({ db }, period, instant) {
    const sessions = await db.session.findMany({
      where: { ...period, voidedAt: null },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        kind: true,
        occurredOn: true,
        occurredAt: true,
        recordedAt: true,
        durationMinutes: true,
        authorId: true,
        site: { select: { codePrefix: true } },
        activity: { select: { id: true, name: true } },
        operators: { select: { staffId: true } },
        attendance: { select: { status: true } },
      },
    });
    const count = (rows: { status: string }[], status: string) => rows.filter((row) => row.status === status).length;
    return toCsv(
      sessions.map((s) => ({
        session_id: s.id,
        site: s.site.codePrefix,
        kind: s.kind,
        activity_id: s.activity?.id ?? "",
        activity: s.activity?.name ?? "",
        occurred_on: s.occurredOn,
        occurred_at: instant(s.occurredAt),
        recorded_at: instant(s.recordedAt),
        duration_minutes: s.durationMinutes,
        author_id: s.authorId,
        operator_ids: s.operators.map((o) => o.staffId).join(";"),
        present: count(s.attendance, "present"),
        absent: count(s.attendance, "absent"),
        excused: count(s.attendance, "excused"),
        withdrawn: count(s.attendance, "withdrawn"),
      })),
      [
        "session_id",
        "site",
        "kind",
        "activity_id",
        "activity",
        "occurred_on",
        "occurred_at",
        "recorded_at",
        "duration_minutes",
        "author_id",
        "operator_ids",
        "present",
        "absent",
        "excused",
        "withdrawn",
      ],
    );
  },

  async attendance({ db }, period) {
    const rows = await db.attendance.findMany({
      where: { session: { ...period, voidedAt: null } },
      orderBy: [{ session: { occurredAt: "asc" } }, { sessionId: "asc" }, { person: { code: "asc" } }],
      select: {
        status: true,
        person: { select: { code: true } },
        session: {
          select: { id: true, kind: true, occurredOn: true, activityId: true, site: { select: { codePrefix: true } } },
        },
      },
    });
    return toCsv(
      rows.map((row) => ({
        session_id: row.session.id,
        site: row.session.site.codePrefix,
        kind: row.session.kind,
        activity_id: row.session.activityId ?? "",
        occurred_on: row.session.occurredOn,
        person_code: row.person.code,
        status: row.status,
      })),
      ["session_id", "site", "kind", "activity_id", "occurred_on", "person_code", "status"],
    );
  },

  async events({ db }, period, instant) {
    const events = await db.criticalEvent.findMany({
      where: period,
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        kind: true,
        severity: true,
        occurredOn: true,
        occurredAt: true,
        recordedAt: true,
        status: true,
        notifiedCodes: true,
        reporterId: true,
        closedAt: true,
        site: { select: { codePrefix: true } },
        people: { select: { person: { select: { code: true } } } },
        acknowledgements: { select: { at: true }, orderBy: { at: "asc" } },
      },
    });
    return toCsv(
      events.map((e) => ({
        event_id: e.id,
        site: e.site.codePrefix,
        kind: e.kind,
        severity: e.severity,
        occurred_on: e.occurredOn,
        occurred_at: instant(e.occurredAt),
        recorded_at: instant(e.recordedAt),
        status: e.status,
        person_codes: e.people
          .map((p) => p.person.code)
          .sort()
          .join(";"),
        notified: e.notifiedCodes.split(",").filter(Boolean).join(";"),
        reporter_id: e.reporterId,
        first_acknowledged_at: instant(e.acknowledgements[0]?.at ?? null),
        closed_at: instant(e.closedAt),
      })),
      [
        "event_id",
        "site",
        "kind",
        "severity",
        "occurred_on",
        "occurred_at",
        "recorded_at",
        "status",
        "person_codes",
        "notified",
        "reporter_id",
        "first_acknowledged_at",
        "closed_at",
      ],
    );
  },
};
