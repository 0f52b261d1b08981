-- CreateTable
CREATE TABLE "AuditRewrite" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "purpose" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "InviteAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "telegramId" BIGINT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InviteAttempt_telegramId_at_idx" ON "InviteAttempt"("telegramId", "at");


-- The audit trail is append-only: no DELETE ever; an UPDATE only inside a documented rewrite (an AuditRewrite row
-- exists in the transaction), and then only of subjectId, details and reasonEnc.
CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
WHEN NOT EXISTS (SELECT 1 FROM "AuditRewrite")
    OR NEW."id" IS NOT OLD."id" OR NEW."at" IS NOT OLD."at" OR NEW."actorId" IS NOT OLD."actorId"
    OR NEW."action" IS NOT OLD."action" OR NEW."subjectType" IS NOT OLD."subjectType"
    OR NEW."personId" IS NOT OLD."personId"
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
