-- CreateTable
CREATE TABLE "ReleasePlan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "releaseOn" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedOn" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReleasePlan_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReleasePlan_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReleaseService" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "releasePlanId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "contactEnc" TEXT,
    "firstAppointmentOn" TEXT,
    "consentOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReleaseService_releasePlanId_fkey" FOREIGN KEY ("releasePlanId") REFERENCES "ReleasePlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Site" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "programmeId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "institution" TEXT,
    "codePrefix" TEXT NOT NULL,
    "openingHours" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "networkWorkerId" INTEGER,
    CONSTRAINT "Site_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Site_networkWorkerId_fkey" FOREIGN KEY ("networkWorkerId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Site" ("active", "codePrefix", "createdAt", "id", "institution", "kind", "name", "openingHours", "programmeId") SELECT "active", "codePrefix", "createdAt", "id", "institution", "kind", "name", "openingHours", "programmeId" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
CREATE UNIQUE INDEX "Site_codePrefix_key" ON "Site"("codePrefix");
CREATE INDEX "Site_programmeId_idx" ON "Site"("programmeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReleasePlan_personId_status_idx" ON "ReleasePlan"("personId", "status");

-- CreateIndex
CREATE INDEX "ReleasePlan_status_releaseOn_idx" ON "ReleasePlan"("status", "releaseOn");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseService_releasePlanId_kind_key" ON "ReleaseService"("releasePlanId", "kind");

