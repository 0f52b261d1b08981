-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "afterKey" TEXT;

