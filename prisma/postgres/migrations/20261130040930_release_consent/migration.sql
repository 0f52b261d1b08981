-- AlterTable
ALTER TABLE "ReleaseService" ADD COLUMN     "consentScope" TEXT,
ADD COLUMN     "consentWithdrawnOn" TEXT;

-- AlterTable
ALTER TABLE "Handover" ADD COLUMN     "releaseServiceId" INTEGER;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_releaseServiceId_fkey" FOREIGN KEY ("releaseServiceId") REFERENCES "ReleaseService"("id") ON DELETE SET NULL ON UPDATE CASCADE;

