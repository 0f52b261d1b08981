-- AlterTable
ALTER TABLE "ReleasePlan" ADD COLUMN     "firstContactOn" TEXT;

