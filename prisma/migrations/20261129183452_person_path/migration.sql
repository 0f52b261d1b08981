-- AlterTable
ALTER TABLE "Activity" ADD COLUMN "courseHours" INTEGER;

-- AlterTable
ALTER TABLE "RosterEnrollment" ADD COLUMN "certificateOn" TEXT;
ALTER TABLE "RosterEnrollment" ADD COLUMN "completedOn" TEXT;

-- CreateTable
CREATE TABLE "LegalStatusPeriod" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "fromOn" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LegalStatusPeriod_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonRecordChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "changesEnc" TEXT NOT NULL,
    "changedById" INTEGER,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PersonRecordChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "kind" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InternshipExtension" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "internshipId" INTEGER NOT NULL,
    "previousEndOn" TEXT NOT NULL,
    "newEndOn" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InternshipExtension_internshipId_fkey" FOREIGN KEY ("internshipId") REFERENCES "Internship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AllowancePayment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "internshipId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AllowancePayment_internshipId_fkey" FOREIGN KEY ("internshipId") REFERENCES "Internship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Hire" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "employerId" INTEGER,
    "hiredOn" TEXT NOT NULL,
    "contract" TEXT NOT NULL,
    "internshipId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Hire_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Hire_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Hire_internshipId_fkey" FOREIGN KEY ("internshipId") REFERENCES "Internship" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "House" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "House_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Bed" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "houseId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Bed_houseId_fkey" FOREIGN KEY ("houseId") REFERENCES "House" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StayRenewal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "stayId" INTEGER NOT NULL,
    "previousEndOn" TEXT,
    "newEndOn" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StayRenewal_stayId_fkey" FOREIGN KEY ("stayId") REFERENCES "HousingStay" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "institution" TEXT,
    "personId" INTEGER,
    "givenNameEnc" TEXT,
    "familyNameEnc" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedOn" TEXT,
    "declineReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Referral_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Referral_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- Data: each person's single legal status becomes their first period, starting at intake. Explicit mapping of the
-- old codes (docs/data-model.md); an age band (young_adult) was never a legal status: those people were followed by
-- the juvenile justice services (USSM/IPM).
INSERT INTO "LegalStatusPeriod" ("personId", "status", "fromOn", "createdAt")
SELECT "id",
       CASE "legalStatus"
         WHEN 'detained' THEN 'detained'
         WHEN 'external_execution' THEN 'probation_social_services'
         WHEN 'probation_map' THEN 'probation_map'
         WHEN 'house_arrest' THEN 'home_detention'
         WHEN 'security_measure' THEN 'supervised_liberty'
         WHEN 'released' THEN 'released'
         WHEN 'young_adult' THEN 'juvenile'
         ELSE "legalStatus"
       END,
       "intakeOn", "createdAt"
FROM "Person" ORDER BY "id";

-- Data: host organisations, one per name (case and repeated spaces ignored), for the internships to point to.
INSERT INTO "Organisation" ("name", "nameKey")
SELECT MIN(TRIM("hostOrganisation")), LOWER(REPLACE(REPLACE(REPLACE(TRIM("hostOrganisation"), '  ', ' '), '  ', ' '), '  ', ' '))
FROM "Internship" GROUP BY LOWER(REPLACE(REPLACE(REPLACE(TRIM("hostOrganisation"), '  ', ' '), '  ', ' '), '  ', ' ')) ORDER BY MIN("id");

-- Data: the houses of the old stays, one per site, with the beds the stays named ("1" when none was named).
INSERT INTO "House" ("siteId", "name") SELECT DISTINCT "siteId", 'Casa' FROM "HousingStay" ORDER BY "siteId";
INSERT INTO "Bed" ("houseId", "label")
SELECT DISTINCT h."id", COALESCE(NULLIF(TRIM(s."bed"), ''), '1')
FROM "HousingStay" s JOIN "House" h ON h."siteId" = s."siteId" AND h."name" = 'Casa' ORDER BY h."id", 2;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "givenNameEnc" TEXT NOT NULL,
    "familyNameEnc" TEXT NOT NULL,
    "birthYear" INTEGER,
    "gender" TEXT,
    "referringService" TEXT,
    "intakeOn" TEXT NOT NULL,
    "caseManagerId" INTEGER,
    "dischargeOn" TEXT,
    "dischargeOutcome" TEXT,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_caseManagerId_fkey" FOREIGN KEY ("caseManagerId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- Discharge outcomes get codes: "completed" meant the goals were reached; anything else written before is "other".
INSERT INTO "new_Person" ("birthYear", "caseManagerId", "code", "createdAt", "dischargeOn", "dischargeOutcome", "erasedAt", "familyNameEnc", "gender", "givenNameEnc", "id", "intakeOn", "referringService") SELECT "birthYear", "caseManagerId", "code", "createdAt", "dischargeOn", CASE WHEN "dischargeOutcome" IS NULL THEN NULL WHEN "dischargeOutcome" = 'completed' THEN 'goals_achieved' ELSE 'other' END, "erasedAt", "familyNameEnc", "gender", "givenNameEnc", "id", "intakeOn", "referringService" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_code_key" ON "Person"("code");
CREATE INDEX "Person_caseManagerId_idx" ON "Person"("caseManagerId");
CREATE TABLE "new_PersonSite" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    CONSTRAINT "PersonSite_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PersonSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- A person has been at each of their sites since intake (no transfer was recorded before).
INSERT INTO "new_PersonSite" ("personId", "siteId", "fromOn") SELECT ps."personId", ps."siteId", p."intakeOn" FROM "PersonSite" ps JOIN "Person" p ON p."id" = ps."personId" ORDER BY ps."personId", ps."siteId";
DROP TABLE "PersonSite";
ALTER TABLE "new_PersonSite" RENAME TO "PersonSite";
CREATE INDEX "PersonSite_personId_idx" ON "PersonSite"("personId");
CREATE INDEX "PersonSite_siteId_idx" ON "PersonSite"("siteId");
CREATE TABLE "new_Internship" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "hostId" INTEGER NOT NULL,
    "tutorId" INTEGER,
    "startsOn" TEXT NOT NULL,
    "plannedEndOn" TEXT NOT NULL,
    "endsOn" TEXT,
    "hoursPerWeek" INTEGER NOT NULL,
    "monthlyAllowanceCents" INTEGER,
    "allowancePayer" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "outcome" TEXT,
    "interruptionReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Internship_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Internship_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Internship_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- The planned end was not recorded: the actual end, else six months after the start; hours a day become hours a week
-- (five working days, 4 h a day when unknown).
INSERT INTO "new_Internship" ("endsOn", "id", "monthlyAllowanceCents", "outcome", "personId", "startsOn", "status", "tutorId", "hostId", "plannedEndOn", "hoursPerWeek") SELECT "endsOn", "id", "monthlyAllowanceCents", "outcome", "personId", "startsOn", "status", "tutorId", (SELECT o."id" FROM "Organisation" o WHERE o."nameKey" = LOWER(REPLACE(REPLACE(REPLACE(TRIM("Internship"."hostOrganisation"), '  ', ' '), '  ', ' '), '  ', ' '))), COALESCE("endsOn", date("startsOn", '+6 months')), CAST(ROUND(COALESCE("hoursPerDay", 4) * 5) AS INTEGER) FROM "Internship";
DROP TABLE "Internship";
ALTER TABLE "new_Internship" RENAME TO "Internship";
CREATE INDEX "Internship_personId_idx" ON "Internship"("personId");
CREATE INDEX "Internship_hostId_idx" ON "Internship"("hostId");
-- Internships that ended in a job become hires (employer: the host; unknown when hired elsewhere), from the next day.
INSERT INTO "Hire" ("personId", "employerId", "hiredOn", "contract", "internshipId")
SELECT "personId", CASE "outcome" WHEN 'hired_by_host' THEN "hostId" END, date("endsOn", '+1 day'), 'other', "id"
FROM "Internship" WHERE "outcome" IN ('hired_by_host', 'hired_elsewhere') AND "endsOn" IS NOT NULL ORDER BY "id";
CREATE TABLE "new_HousingStay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "bedId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    "plannedEndOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HousingStay_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HousingStay_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HousingStay_bedId_fkey" FOREIGN KEY ("bedId") REFERENCES "Bed" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_HousingStay" ("fromOn", "id", "personId", "siteId", "toOn", "bedId") SELECT s."fromOn", s."id", s."personId", s."siteId", s."toOn", (SELECT b."id" FROM "Bed" b JOIN "House" h ON h."id" = b."houseId" WHERE h."siteId" = s."siteId" AND h."name" = 'Casa' AND b."label" = COALESCE(NULLIF(TRIM(s."bed"), ''), '1')) FROM "HousingStay" s;
DROP TABLE "HousingStay";
ALTER TABLE "new_HousingStay" RENAME TO "HousingStay";
CREATE INDEX "HousingStay_siteId_idx" ON "HousingStay"("siteId");
CREATE INDEX "HousingStay_personId_idx" ON "HousingStay"("personId");
CREATE INDEX "HousingStay_bedId_idx" ON "HousingStay"("bedId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "LegalStatusPeriod_personId_fromOn_key" ON "LegalStatusPeriod"("personId", "fromOn");

-- CreateIndex
CREATE INDEX "PersonRecordChange_personId_idx" ON "PersonRecordChange"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_nameKey_key" ON "Organisation"("nameKey");

-- CreateIndex
CREATE INDEX "InternshipExtension_internshipId_idx" ON "InternshipExtension"("internshipId");

-- CreateIndex
CREATE UNIQUE INDEX "AllowancePayment_internshipId_month_key" ON "AllowancePayment"("internshipId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "Hire_internshipId_key" ON "Hire"("internshipId");

-- CreateIndex
CREATE INDEX "Hire_personId_idx" ON "Hire"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "House_siteId_name_key" ON "House"("siteId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Bed_houseId_label_key" ON "Bed"("houseId", "label");

-- CreateIndex
CREATE INDEX "StayRenewal_stayId_idx" ON "StayRenewal"("stayId");

-- CreateIndex
CREATE INDEX "Referral_siteId_receivedOn_idx" ON "Referral"("siteId", "receivedOn");

-- CreateIndex
CREATE INDEX "Referral_personId_idx" ON "Referral"("personId");

