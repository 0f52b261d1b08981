-- AlterTable
ALTER TABLE "ReleaseService" ADD COLUMN "consentScope" TEXT;
ALTER TABLE "ReleaseService" ADD COLUMN "consentWithdrawnOn" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Handover" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "releaseServiceId" INTEGER,
    "fromSiteId" INTEGER NOT NULL,
    "toSiteId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedById" INTEGER NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "escalatedAt" DATETIME,
    "acceptedById" INTEGER,
    "acceptedAt" DATETIME,
    "readUntil" DATETIME,
    "accessEndedAt" DATETIME,
    CONSTRAINT "Handover_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Handover_releaseServiceId_fkey" FOREIGN KEY ("releaseServiceId") REFERENCES "ReleaseService" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Handover_fromSiteId_fkey" FOREIGN KEY ("fromSiteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Handover_toSiteId_fkey" FOREIGN KEY ("toSiteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Handover" ("acceptedAt", "acceptedById", "accessEndedAt", "escalatedAt", "fromSiteId", "id", "personId", "readUntil", "requestedAt", "requestedById", "status", "toSiteId") SELECT "acceptedAt", "acceptedById", "accessEndedAt", "escalatedAt", "fromSiteId", "id", "personId", "readUntil", "requestedAt", "requestedById", "status", "toSiteId" FROM "Handover";
DROP TABLE "Handover";
ALTER TABLE "new_Handover" RENAME TO "Handover";
CREATE INDEX "Handover_personId_status_idx" ON "Handover"("personId", "status");
CREATE INDEX "Handover_status_requestedAt_idx" ON "Handover"("status", "requestedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

