-- Receiving-service contacts came before values were bound to their place: re-seal them at the next start too.
INSERT INTO "UnboundSealedTable" ("name") VALUES ('ReleaseService');
