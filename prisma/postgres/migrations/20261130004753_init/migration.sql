-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Programme" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "funder" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "indicatorSet" TEXT NOT NULL DEFAULT 'spazio_zero',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" SERIAL NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "institution" TEXT,
    "codePrefix" TEXT NOT NULL,
    "openingHours" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" SERIAL NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "displayName" TEXT NOT NULL,
    "phone" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'it',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "commandMenu" TEXT,
    "unreachableSince" TIMESTAMP(3),

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" SERIAL NOT NULL,
    "staffId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "siteId" INTEGER,
    "programmeId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" SERIAL NOT NULL,
    "codeHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "siteId" INTEGER,
    "programmeId" INTEGER,
    "createdById" INTEGER,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
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
    "erasedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonSite" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,

    CONSTRAINT "PersonSite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalStatusPeriod" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "fromOn" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegalStatusPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonRecordChange" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "changesEnc" TEXT NOT NULL,
    "changedById" INTEGER,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonRecordChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonFragility" (
    "personId" INTEGER NOT NULL,
    "flag" TEXT NOT NULL,

    CONSTRAINT "PersonFragility_pkey" PRIMARY KEY ("personId","flag")
);

-- CreateTable
CREATE TABLE "PersonNameToken" (
    "personId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,

    CONSTRAINT "PersonNameToken_pkey" PRIMARY KEY ("personId","token")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "generalObjectiveEnc" TEXT,
    "crisisNotesEnc" TEXT,
    "reviewOn" TEXT,
    "signedByPersonOn" TEXT,
    "approvedById" INTEGER,
    "approvedAt" TIMESTAMP(3),
    "authorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanGoal" (
    "id" SERIAL NOT NULL,
    "planId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "textEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "targetOn" TEXT,

    CONSTRAINT "PlanGoal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanIntervention" (
    "id" SERIAL NOT NULL,
    "planId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "whatEnc" TEXT NOT NULL,
    "who" TEXT,
    "frequency" TEXT,

    CONSTRAINT "PlanIntervention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanNetworkContact" (
    "id" SERIAL NOT NULL,
    "planId" INTEGER NOT NULL,
    "service" TEXT NOT NULL,
    "referentEnc" TEXT,
    "phoneEnc" TEXT,

    CONSTRAINT "PlanNetworkContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "courseHours" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivitySchedule" (
    "id" SERIAL NOT NULL,
    "activityId" INTEGER NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startTime" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,

    CONSTRAINT "ActivitySchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityFacilitator" (
    "activityId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,

    CONSTRAINT "ActivityFacilitator_pkey" PRIMARY KEY ("activityId","staffId")
);

-- CreateTable
CREATE TABLE "RosterEnrollment" (
    "id" SERIAL NOT NULL,
    "activityId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "enrolledOn" TEXT NOT NULL,
    "withdrawnOn" TEXT,
    "completedOn" TEXT,
    "certificateOn" TEXT,

    CONSTRAINT "RosterEnrollment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "activityId" INTEGER,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMinutes" INTEGER NOT NULL,
    "noteEnc" TEXT,
    "authorId" INTEGER NOT NULL,
    "groupKey" TEXT,
    "clientRef" TEXT,
    "voidedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionOperator" (
    "sessionId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,

    CONSTRAINT "SessionOperator_pkey" PRIMARY KEY ("sessionId","staffId")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "sessionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("sessionId","personId")
);

-- CreateTable
CREATE TABLE "SessionGoal" (
    "sessionId" INTEGER NOT NULL,
    "goalId" INTEGER NOT NULL,

    CONSTRAINT "SessionGoal_pkey" PRIMARY KEY ("sessionId","goalId")
);

-- CreateTable
CREATE TABLE "CriticalEvent" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "descriptionEnc" TEXT NOT NULL,
    "actionsEnc" TEXT,
    "notifiedCodes" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "reporterId" INTEGER NOT NULL,
    "clientRef" TEXT,
    "escalationCount" INTEGER NOT NULL DEFAULT 0,
    "lastAlertedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" INTEGER,

    CONSTRAINT "CriticalEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CriticalEventPerson" (
    "eventId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,

    CONSTRAINT "CriticalEventPerson_pkey" PRIMARY KEY ("eventId","personId")
);

-- CreateTable
CREATE TABLE "EventAcknowledgement" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventFollowUp" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "textEnc" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "kind" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Internship" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Internship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternshipExtension" (
    "id" SERIAL NOT NULL,
    "internshipId" INTEGER NOT NULL,
    "previousEndOn" TEXT NOT NULL,
    "newEndOn" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InternshipExtension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AllowancePayment" (
    "id" SERIAL NOT NULL,
    "internshipId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AllowancePayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hire" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "employerId" INTEGER,
    "hiredOn" TEXT NOT NULL,
    "contract" TEXT NOT NULL,
    "internshipId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Hire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "House" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "House_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bed" (
    "id" SERIAL NOT NULL,
    "houseId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Bed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HousingStay" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,
    "bedId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    "plannedEndOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HousingStay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StayRenewal" (
    "id" SERIAL NOT NULL,
    "stayId" INTEGER NOT NULL,
    "previousEndOn" TEXT,
    "newEndOn" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StayRenewal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" SERIAL NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "siteId" INTEGER,
    "scopeKey" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpeningHours" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "opensAt" TEXT NOT NULL,
    "closesAt" TEXT NOT NULL,

    CONSTRAINT "OpeningHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SiteClosure" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SiteClosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeOutput" (
    "id" SERIAL NOT NULL,
    "programmeId" INTEGER NOT NULL,
    "siteId" INTEGER,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "issuedOn" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgrammeOutput_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnCallShift" (
    "id" SERIAL NOT NULL,
    "staffId" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnCallShift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnCallShiftSite" (
    "shiftId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,

    CONSTRAINT "OnCallShiftSite_pkey" PRIMARY KEY ("shiftId","siteId")
);

-- CreateTable
CREATE TABLE "BreakGlassGrant" (
    "id" SERIAL NOT NULL,
    "staffId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "reasonEnc" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BreakGlassGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "personId" INTEGER,
    "reasonEnc" TEXT,
    "details" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipientId" INTEGER NOT NULL,
    "payloadEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "messageId" INTEGER,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "afterKey" TEXT,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatState" (
    "key" TEXT NOT NULL,
    "valueEnc" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "updateId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedUpdate_pkey" PRIMARY KEY ("updateId")
);

-- CreateTable
CREATE TABLE "InboxUpdate" (
    "updateId" BIGINT NOT NULL,
    "payloadEnc" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("updateId")
);

-- CreateTable
CREATE TABLE "AuditRewrite" (
    "id" SERIAL NOT NULL,
    "purpose" TEXT NOT NULL,

    CONSTRAINT "AuditRewrite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InviteAttempt" (
    "id" SERIAL NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InviteAttempt_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "PersonSite_personId_idx" ON "PersonSite"("personId");

-- CreateIndex
CREATE INDEX "PersonSite_siteId_idx" ON "PersonSite"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "LegalStatusPeriod_personId_fromOn_key" ON "LegalStatusPeriod"("personId", "fromOn");

-- CreateIndex
CREATE INDEX "PersonRecordChange_personId_idx" ON "PersonRecordChange"("personId");

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
CREATE INDEX "Session_siteId_recordedAt_idx" ON "Session"("siteId", "recordedAt");

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
CREATE UNIQUE INDEX "Organisation_nameKey_key" ON "Organisation"("nameKey");

-- CreateIndex
CREATE INDEX "Internship_personId_idx" ON "Internship"("personId");

-- CreateIndex
CREATE INDEX "Internship_hostId_idx" ON "Internship"("hostId");

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
CREATE INDEX "HousingStay_siteId_idx" ON "HousingStay"("siteId");

-- CreateIndex
CREATE INDEX "HousingStay_personId_idx" ON "HousingStay"("personId");

-- CreateIndex
CREATE INDEX "HousingStay_bedId_idx" ON "HousingStay"("bedId");

-- CreateIndex
CREATE INDEX "StayRenewal_stayId_idx" ON "StayRenewal"("stayId");

-- CreateIndex
CREATE INDEX "Referral_siteId_receivedOn_idx" ON "Referral"("siteId", "receivedOn");

-- CreateIndex
CREATE INDEX "Referral_personId_idx" ON "Referral"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorTarget_programmeId_scopeKey_code_key" ON "IndicatorTarget"("programmeId", "scopeKey", "code");

-- CreateIndex
CREATE INDEX "OpeningHours_siteId_fromOn_idx" ON "OpeningHours"("siteId", "fromOn");

-- CreateIndex
CREATE INDEX "SiteClosure_siteId_fromOn_idx" ON "SiteClosure"("siteId", "fromOn");

-- CreateIndex
CREATE INDEX "ProgrammeOutput_programmeId_issuedOn_idx" ON "ProgrammeOutput"("programmeId", "issuedOn");

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

-- CreateIndex
CREATE INDEX "InviteAttempt_telegramId_at_idx" ON "InviteAttempt"("telegramId", "at");

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_usedById_fkey" FOREIGN KEY ("usedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_caseManagerId_fkey" FOREIGN KEY ("caseManagerId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonSite" ADD CONSTRAINT "PersonSite_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonSite" ADD CONSTRAINT "PersonSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalStatusPeriod" ADD CONSTRAINT "LegalStatusPeriod_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonRecordChange" ADD CONSTRAINT "PersonRecordChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonFragility" ADD CONSTRAINT "PersonFragility_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonNameToken" ADD CONSTRAINT "PersonNameToken_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanGoal" ADD CONSTRAINT "PlanGoal_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanIntervention" ADD CONSTRAINT "PlanIntervention_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanNetworkContact" ADD CONSTRAINT "PlanNetworkContact_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivitySchedule" ADD CONSTRAINT "ActivitySchedule_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivityFacilitator" ADD CONSTRAINT "ActivityFacilitator_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivityFacilitator" ADD CONSTRAINT "ActivityFacilitator_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterEnrollment" ADD CONSTRAINT "RosterEnrollment_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterEnrollment" ADD CONSTRAINT "RosterEnrollment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionOperator" ADD CONSTRAINT "SessionOperator_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionOperator" ADD CONSTRAINT "SessionOperator_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionGoal" ADD CONSTRAINT "SessionGoal_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionGoal" ADD CONSTRAINT "SessionGoal_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "PlanGoal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriticalEvent" ADD CONSTRAINT "CriticalEvent_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriticalEvent" ADD CONSTRAINT "CriticalEvent_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriticalEventPerson" ADD CONSTRAINT "CriticalEventPerson_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CriticalEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriticalEventPerson" ADD CONSTRAINT "CriticalEventPerson_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventAcknowledgement" ADD CONSTRAINT "EventAcknowledgement_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CriticalEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventAcknowledgement" ADD CONSTRAINT "EventAcknowledgement_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventFollowUp" ADD CONSTRAINT "EventFollowUp_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CriticalEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventFollowUp" ADD CONSTRAINT "EventFollowUp_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Internship" ADD CONSTRAINT "Internship_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Internship" ADD CONSTRAINT "Internship_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Internship" ADD CONSTRAINT "Internship_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InternshipExtension" ADD CONSTRAINT "InternshipExtension_internshipId_fkey" FOREIGN KEY ("internshipId") REFERENCES "Internship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AllowancePayment" ADD CONSTRAINT "AllowancePayment_internshipId_fkey" FOREIGN KEY ("internshipId") REFERENCES "Internship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hire" ADD CONSTRAINT "Hire_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hire" ADD CONSTRAINT "Hire_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hire" ADD CONSTRAINT "Hire_internshipId_fkey" FOREIGN KEY ("internshipId") REFERENCES "Internship"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "House" ADD CONSTRAINT "House_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bed" ADD CONSTRAINT "Bed_houseId_fkey" FOREIGN KEY ("houseId") REFERENCES "House"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HousingStay" ADD CONSTRAINT "HousingStay_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HousingStay" ADD CONSTRAINT "HousingStay_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HousingStay" ADD CONSTRAINT "HousingStay_bedId_fkey" FOREIGN KEY ("bedId") REFERENCES "Bed"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StayRenewal" ADD CONSTRAINT "StayRenewal_stayId_fkey" FOREIGN KEY ("stayId") REFERENCES "HousingStay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpeningHours" ADD CONSTRAINT "OpeningHours_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteClosure" ADD CONSTRAINT "SiteClosure_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeOutput" ADD CONSTRAINT "ProgrammeOutput_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeOutput" ADD CONSTRAINT "ProgrammeOutput_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnCallShift" ADD CONSTRAINT "OnCallShift_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnCallShiftSite" ADD CONSTRAINT "OnCallShiftSite_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "OnCallShift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnCallShiftSite" ADD CONSTRAINT "OnCallShiftSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BreakGlassGrant" ADD CONSTRAINT "BreakGlassGrant_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BreakGlassGrant" ADD CONSTRAINT "BreakGlassGrant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit trail is append-only: no DELETE or TRUNCATE ever; an UPDATE only inside a documented rewrite (an
-- AuditRewrite row exists in the transaction), and then only of subjectId, details and reasonEnc.
CREATE FUNCTION "AuditEntry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NOT EXISTS (SELECT 1 FROM "AuditRewrite")
        OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."at" IS DISTINCT FROM OLD."at"
        OR NEW."actorId" IS DISTINCT FROM OLD."actorId" OR NEW."action" IS DISTINCT FROM OLD."action"
        OR NEW."subjectType" IS DISTINCT FROM OLD."subjectType" OR NEW."personId" IS DISTINCT FROM OLD."personId"
    THEN
        RAISE EXCEPTION 'the audit trail is append-only';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
    FOR EACH ROW EXECUTE FUNCTION "AuditEntry_append_only"();

CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
    FOR EACH ROW EXECUTE FUNCTION "AuditEntry_append_only"();

CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
    FOR EACH STATEMENT EXECUTE FUNCTION "AuditEntry_append_only"();
