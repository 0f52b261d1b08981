// The audit trail is append-only in the database itself: UPDATE and DELETE are refused by triggers, except the one
// documented rewrite (subject, details and sealed reason, inside rewritingAudit) that erasure and key rotation use.
import { afterEach, beforeEach, expect, it } from "vitest";
import { recordAudit, rewritingAudit } from "../../src/services/audit.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;
let deps: ServiceDeps;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = createTestDeps(database.db, createTestClock());
  await recordAudit(deps.db, deps.cipher, {
    actorId: null,
    action: "plan.view",
    subjectType: "person",
    subjectId: "BOL-0001",
    reason: "Crisi notturna in corso",
    at: deps.clock(),
  });
});
afterEach(() => database.drop());

// Raw SQL reports the trigger's message; Prisma's adapter reports any SQLITE_CONSTRAINT_TRIGGER as a foreign key
// violation (nothing references AuditEntry and these writes touch no key, so here it can only be the trigger).
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => "accepted",
    (error: Error) =>
      /the audit trail is append-only|Foreign key constraint violated/.test(error.message) ? "refused" : error.message,
  );

it("refuses to delete or change audit entries, through Prisma or plain SQL", async () => {
  const { db } = deps;
  expect(await refusal(db.auditEntry.deleteMany({}))).toBe("refused");
  expect(await refusal(db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`))).toBe("refused");
  expect(await refusal(db.auditEntry.updateMany({ data: { action: "plan.audit_view" } }))).toBe("refused");
  expect(await refusal(db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "subjectId" = 'BOL-0002'`))).toBe("refused");
  expect(await db.auditEntry.findMany({ select: { action: true, subjectId: true } })).toEqual([
    { action: "plan.view", subjectId: "BOL-0001" },
  ]);
});

it("lets the documented rewrite change subject, details and reason only, and leaves no permit behind", async () => {
  const { db } = deps;
  await db.$transaction((tx) =>
    rewritingAudit(tx, "erasure", () => tx.auditEntry.updateMany({ data: { subjectId: "ERASED-1", reasonEnc: null } })),
  );
  expect(await db.auditEntry.findFirstOrThrow()).toMatchObject({ subjectId: "ERASED-1", reasonEnc: null });
  const changeAction = db.$transaction((tx) =>
    rewritingAudit(tx, "erasure", () => tx.auditEntry.updateMany({ data: { action: "forged" } })),
  );
  expect(await refusal(changeAction)).toBe("refused");
  expect(await db.auditRewrite.count()).toBe(0);
  expect(await refusal(db.auditEntry.updateMany({ data: { subjectId: "BOL-0001" } }))).toBe("refused");
});
