-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "networkWorkerId" INTEGER;

-- CreateTable
CREATE TABLE "ReleasePlan" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "releaseOn" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedOn" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleasePlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseService" (
    "id" SERIAL NOT NULL,
    "releasePlanId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "contactEnc" TEXT,
    "firstAppointmentOn" TEXT,
    "consentOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "fromSiteId" INTEGER NOT NULL,
    "toSiteId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedById" INTEGER NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "escalatedAt" TIMESTAMP(3),
    "acceptedById" INTEGER,
    "acceptedAt" TIMESTAMP(3),
    "readUntil" TIMESTAMP(3),
    "accessEndedAt" TIMESTAMP(3),

    CONSTRAINT "Handover_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReleasePlan_personId_status_idx" ON "ReleasePlan"("personId", "status");

-- CreateIndex
CREATE INDEX "ReleasePlan_status_releaseOn_idx" ON "ReleasePlan"("status", "releaseOn");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseService_releasePlanId_kind_key" ON "ReleaseService"("releasePlanId", "kind");

-- CreateIndex
CREATE INDEX "Handover_personId_status_idx" ON "Handover"("personId", "status");

-- CreateIndex
CREATE INDEX "Handover_status_requestedAt_idx" ON "Handover"("status", "requestedAt");

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_networkWorkerId_fkey" FOREIGN KEY ("networkWorkerId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleasePlan" ADD CONSTRAINT "ReleasePlan_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleasePlan" ADD CONSTRAINT "ReleasePlan_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseService" ADD CONSTRAINT "ReleaseService_releasePlanId_fkey" FOREIGN KEY ("releasePlanId") REFERENCES "ReleasePlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_fromSiteId_fkey" FOREIGN KEY ("fromSiteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_toSiteId_fkey" FOREIGN KEY ("toSiteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Values sealed so far are not bound to their row: the next start re-seals them.
INSERT INTO "UnboundSealedTable" ("name") VALUES ('ReleaseService');
