-- CreateTable
CREATE TABLE "Handover" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
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
    CONSTRAINT "Handover_fromSiteId_fkey" FOREIGN KEY ("fromSiteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Handover_toSiteId_fkey" FOREIGN KEY ("toSiteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Handover_personId_status_idx" ON "Handover"("personId", "status");

-- CreateIndex
CREATE INDEX "Handover_status_requestedAt_idx" ON "Handover"("status", "requestedAt");

