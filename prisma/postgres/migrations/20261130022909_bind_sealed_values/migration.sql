-- CreateTable
CREATE TABLE "UnboundSealedTable" (
    "name" TEXT NOT NULL,

    CONSTRAINT "UnboundSealedTable_pkey" PRIMARY KEY ("name")
);


-- Values sealed so far are not bound to their row: the next start re-seals those of every sealed table.
INSERT INTO "UnboundSealedTable" ("name") VALUES
    ('Person'), ('Plan'), ('PlanGoal'), ('PlanIntervention'), ('PlanNetworkContact'), ('Session'), ('CriticalEvent'),
    ('EventFollowUp'), ('BreakGlassGrant'), ('Referral'), ('PersonRecordChange'), ('AuditEntry'), ('Delivery'),
    ('ChatState'), ('InboxUpdate');
