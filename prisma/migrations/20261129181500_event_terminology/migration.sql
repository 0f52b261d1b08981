-- Critical-event kinds aligned with the prison administration's categories; codes retired here are never reused.
UPDATE "CriticalEvent" SET "kind" = 'aggression_other_staff' WHERE "kind" = 'aggression_staff';
UPDATE "CriticalEvent" SET "kind" = 'containment' WHERE "kind" = 'restraint';
UPDATE "CriticalEvent" SET "kind" = 'escape_or_failure_to_return' WHERE "kind" = 'absconding';
UPDATE "CriticalEvent" SET "kind" = 'death_undetermined' WHERE "kind" = 'death';

-- Who was notified: emergencies in Lombardy go through NUE 112 (the list is comma-separated).
UPDATE "CriticalEvent"
SET "notifiedCodes" = TRIM(REPLACE(',' || "notifiedCodes" || ',', ',118,', ',nue_112,'), ',')
WHERE ',' || "notifiedCodes" || ',' LIKE '%,118,%';
