-- AlterTable
ALTER TABLE "Staff" ADD COLUMN "commandMenu" TEXT;
ALTER TABLE "Staff" ADD COLUMN "unreachableSince" DATETIME;

