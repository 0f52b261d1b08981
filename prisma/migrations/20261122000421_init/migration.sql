-- CreateTable
CREATE TABLE "Programme" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "funder" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "indicatorSet" TEXT NOT NULL DEFAULT 'spazio_zero',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Site" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "programmeId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "institution" TEXT,
    "codePrefix" TEXT NOT NULL,
    "openingHours" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Site_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "telegramId" BIGINT NOT NULL,
    "displayName" TEXT NOT NULL,
    "phone" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'it',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "siteId" INTEGER,
    "programmeId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Membership_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "codeHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "siteId" INTEGER,
    "programmeId" INTEGER,
    "createdById" INTEGER,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Invite_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Invite_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Invite_usedById_fkey" FOREIGN KEY ("usedById") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "givenNameEnc" TEXT NOT NULL,
    "familyNameEnc" TEXT NOT NULL,
    "birthYear" INTEGER,
    "gender" TEXT,
    "legalStatus" TEXT NOT NULL,
    "referringService" TEXT,
    "intakeOn" TEXT NOT NULL,
    "caseManagerId" INTEGER,
    "dischargeOn" TEXT,
    "dischargeOutcome" TEXT,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_caseManagerId_fkey" FOREIGN KEY ("caseManagerId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonSite" (
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,

    PRIMARY KEY ("personId", "siteId"),
    CONSTRAINT "PersonSite_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PersonSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonFragility" (
    "personId" INTEGER NOT NULL,
    "flag" TEXT NOT NULL,

    PRIMARY KEY ("personId", "flag"),
    CONSTRAINT "PersonFragility_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonNameToken" (
    "personId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,

    PRIMARY KEY ("personId", "token"),
    CONSTRAINT "PersonNameToken_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "generalObjectiveEnc" TEXT,
    "crisisNotesEnc" TEXT,
    "reviewOn" TEXT,
    "signedByPersonOn" TEXT,
    "approvedById" INTEGER,
    "approvedAt" DATETIME,
    "authorId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "Plan_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Plan_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Plan_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanGoal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "textEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "targetOn" TEXT,
    CONSTRAINT "PlanGoal_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanIntervention" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "whatEnc" TEXT NOT NULL,
    "who" TEXT,
    "frequency" TEXT,
    CONSTRAINT "PlanIntervention_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanNetworkContact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER NOT NULL,
    "service" TEXT NOT NULL,
    "referentEnc" TEXT,
    "phoneEnc" TEXT,
    CONSTRAINT "PlanNetworkContact_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Activity_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActivitySchedule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activityId" INTEGER NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startTime" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    CONSTRAINT "ActivitySchedule_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActivityFacilitator" (
    "activityId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,

    PRIMARY KEY ("activityId", "staffId"),
    CONSTRAINT "ActivityFacilitator_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActivityFacilitator_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RosterEnrollment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activityId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "enrolledOn" TEXT NOT NULL,
    "withdrawnOn" TEXT,
    CONSTRAINT "RosterEnrollment_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RosterEnrollment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "activityId" INTEGER,
    "occurredAt" DATETIME NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMinutes" INTEGER NOT NULL,
    "noteEnc" TEXT,
    "authorId" INTEGER NOT NULL,
    "groupKey" TEXT,
    "clientRef" TEXT,
    "voidedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Session_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Session_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Session_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionOperator" (
    "sessionId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,

    PRIMARY KEY ("sessionId", "staffId"),
    CONSTRAINT "SessionOperator_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionOperator_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attendance" (
    "sessionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,

    PRIMARY KEY ("sessionId", "personId"),
    CONSTRAINT "Attendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attendance_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionGoal" (
    "sessionId" INTEGER NOT NULL,
    "goalId" INTEGER NOT NULL,

    PRIMARY KEY ("sessionId", "goalId"),
    CONSTRAINT "SessionGoal_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionGoal_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "PlanGoal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CriticalEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "descriptionEnc" TEXT NOT NULL,
    "actionsEnc" TEXT,
    "notifiedCodes" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "reporterId" INTEGER NOT NULL,
    "clientRef" TEXT,
    "escalationCount" INTEGER NOT NULL DEFAULT 0,
    "lastAlertedAt" DATETIME,
    "closedAt" DATETIME,
    "closedById" INTEGER,
    CONSTRAINT "CriticalEvent_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CriticalEvent_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CriticalEventPerson" (
    "eventId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,

    PRIMARY KEY ("eventId", "personId"),
    CONSTRAINT "CriticalEventPerson_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CriticalEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CriticalEventPerson_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventAcknowledgement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EventAcknowledgement_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CriticalEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventAcknowledgement_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventFollowUp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "textEnc" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EventFollowUp_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CriticalEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventFollowUp_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Internship" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "hostOrganisation" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT,
    "hoursPerDay" REAL,
    "monthlyAllowanceCents" INTEGER,
    "tutorId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'active',
    "outcome" TEXT,
    CONSTRAINT "Internship_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Internship_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HousingStay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "bed" TEXT,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    CONSTRAINT "HousingStay_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HousingStay_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OnCallShift" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    CONSTRAINT "OnCallShift_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OnCallShiftSite" (
    "shiftId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,

    PRIMARY KEY ("shiftId", "siteId"),
    CONSTRAINT "OnCallShiftSite_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "OnCallShift" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OnCallShiftSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BreakGlassGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "reasonEnc" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BreakGlassGrant_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BreakGlassGrant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "personId" INTEGER,
    "reasonEnc" TEXT,
    "details" TEXT,
    CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipientId" INTEGER NOT NULL,
    "payloadEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "messageId" INTEGER,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Delivery_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChatState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "valueEnc" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "updateId" BIGINT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Programme_code_key" ON "Programme"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Site_codePrefix_key" ON "Site"("codePrefix");

-- CreateIndex
CREATE INDEX "Site_programmeId_idx" ON "Site"("programmeId");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_telegramId_key" ON "Staff"("telegramId");

-- CreateIndex
CREATE INDEX "Membership_siteId_role_idx" ON "Membership"("siteId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_staffId_role_siteId_programmeId_key" ON "Membership"("staffId", "role", "siteId", "programmeId");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_codeHash_key" ON "Invite"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "Person_code_key" ON "Person"("code");

-- CreateIndex
CREATE INDEX "Person_caseManagerId_idx" ON "Person"("caseManagerId");

-- CreateIndex
CREATE INDEX "PersonSite_siteId_idx" ON "PersonSite"("siteId");

-- CreateIndex
CREATE INDEX "PersonNameToken_token_idx" ON "PersonNameToken"("token");

-- CreateIndex
CREATE INDEX "Plan_personId_status_idx" ON "Plan"("personId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_personId_version_key" ON "Plan"("personId", "version");

-- CreateIndex
CREATE INDEX "Activity_siteId_idx" ON "Activity"("siteId");

-- CreateIndex
CREATE INDEX "RosterEnrollment_activityId_idx" ON "RosterEnrollment"("activityId");

-- CreateIndex
CREATE INDEX "RosterEnrollment_personId_idx" ON "RosterEnrollment"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_groupKey_key" ON "Session"("groupKey");

-- CreateIndex
CREATE UNIQUE INDEX "Session_clientRef_key" ON "Session"("clientRef");

-- CreateIndex
CREATE INDEX "Session_siteId_occurredOn_idx" ON "Session"("siteId", "occurredOn");

-- CreateIndex
CREATE INDEX "Session_authorId_recordedAt_idx" ON "Session"("authorId", "recordedAt");

-- CreateIndex
CREATE INDEX "Session_activityId_occurredOn_idx" ON "Session"("activityId", "occurredOn");

-- CreateIndex
CREATE INDEX "SessionOperator_staffId_idx" ON "SessionOperator"("staffId");

-- CreateIndex
CREATE INDEX "Attendance_personId_idx" ON "Attendance"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "CriticalEvent_clientRef_key" ON "CriticalEvent"("clientRef");

-- CreateIndex
CREATE INDEX "CriticalEvent_siteId_occurredOn_idx" ON "CriticalEvent"("siteId", "occurredOn");

-- CreateIndex
CREATE INDEX "CriticalEvent_status_severity_idx" ON "CriticalEvent"("status", "severity");

-- CreateIndex
CREATE INDEX "CriticalEventPerson_personId_idx" ON "CriticalEventPerson"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "EventAcknowledgement_eventId_staffId_key" ON "EventAcknowledgement"("eventId", "staffId");

-- CreateIndex
CREATE INDEX "Internship_personId_idx" ON "Internship"("personId");

-- CreateIndex
CREATE INDEX "HousingStay_siteId_idx" ON "HousingStay"("siteId");

-- CreateIndex
CREATE INDEX "HousingStay_personId_idx" ON "HousingStay"("personId");

-- CreateIndex
CREATE INDEX "OnCallShift_startsAt_endsAt_idx" ON "OnCallShift"("startsAt", "endsAt");

-- CreateIndex
CREATE INDEX "BreakGlassGrant_staffId_personId_idx" ON "BreakGlassGrant"("staffId", "personId");

-- CreateIndex
CREATE INDEX "AuditEntry_personId_at_idx" ON "AuditEntry"("personId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_dedupeKey_key" ON "Delivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_createdAt_idx" ON "ProcessedUpdate"("createdAt");

