-- CreateIndex
CREATE INDEX "Session_siteId_recordedAt_idx" ON "Session"("siteId", "recordedAt");

