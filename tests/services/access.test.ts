import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { normaliseInviteCode } from "../../src/domain/invites.ts";
import {
  createInvite,
  ensureBootstrapAdmin,
  INVITE_ATTEMPT_WINDOW_MS,
  INVITE_MAX_ATTEMPTS,
  inviteAttemptAllowed,
  redeemInvite,
} from "../../src/services/access.ts";
import { createCipher } from "../../src/services/crypto.ts";
import { ServiceError } from "../../src/services/errors.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import {
  createTestClock,
  createTestDatabase,
  createTestDeps,
  type TestClock,
  type TestDatabase,
} from "../helpers/database.ts";
import { seedWorld, type World } from "../helpers/fixtures.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  deps = createTestDeps(database.db, clock, { bootstrapAdminIds: [8080] });
  world = await seedWorld(deps);
});
afterEach(() => database.drop());

const newcomer = { telegramId: 7001, displayName: "Nuova Collega", languageCode: "en-GB" };

describe("invites", () => {
  it("stores only a hash of the code and audits its creation", async () => {
    const { code, expiresAt } = await createInvite(deps, world.staff.coordinator.actor, {
      role: "operator",
      siteId: world.bollate.id,
    });
    const row = await deps.db.invite.findFirstOrThrow();
    expect(row.codeHash).not.toContain(code.replace(/-/g, ""));
    expect(expiresAt.getTime() - clock.now().getTime()).toBe(72 * 3600_000);
    expect(await deps.db.auditEntry.count({ where: { action: "invite.create" } })).toBe(1);
  });

  it("hashes the code with a key derived from ENCRYPTION_KEY: the code alone does not give its hash", async () => {
    const { code } = await createInvite(deps, world.staff.coordinator.actor, {
      role: "operator",
      siteId: world.bollate.id,
    });
    const row = await deps.db.invite.findFirstOrThrow();
    const normalised = normaliseInviteCode(code) as string;
    for (const unkeyed of [normalised, `ponte-invite:${normalised}`]) {
      expect(row.codeHash).not.toBe(createHash("sha256").update(unkeyed).digest("hex"));
    }
    const otherKey = createCipher(Buffer.alloc(32, 9).toString("base64"));
    expect(row.codeHash).not.toBe(otherKey.keyedHash("invite", normalised));
    expect(row.codeHash).toBe(deps.cipher.keyedHash("invite", normalised));
  });

  it("allows 5 invite codes per user per 15 minutes", async () => {
    for (let attempt = 1; attempt <= INVITE_MAX_ATTEMPTS; attempt++) {
      expect(await inviteAttemptAllowed(deps, newcomer.telegramId)).toBe(true);
    }
    expect(await inviteAttemptAllowed(deps, newcomer.telegramId)).toBe(false);
    expect(await inviteAttemptAllowed(deps, 7002)).toBe(true);
    clock.advance(INVITE_ATTEMPT_WINDOW_MS);
    expect(await inviteAttemptAllowed(deps, newcomer.telegramId)).toBe(true);
  });

  it("refuses coordinators inviting to another site or as admin, in the service itself", async () => {
    const coordinator = world.staff.coordinator.actor;
    await expect(createInvite(deps, coordinator, { role: "operator", siteId: world.opera.id })).rejects.toThrow(
      ServiceError,
    );
    await expect(createInvite(deps, coordinator, { role: "admin", siteId: null })).rejects.toThrow(ServiceError);
    await expect(
      createInvite(deps, world.staff.operator.actor, { role: "operator", siteId: world.bollate.id }),
    ).rejects.toThrow(ServiceError);
  });

  it("turns a code into a staff member with the invited role, once, in their language", async () => {
    const { code } = await createInvite(deps, world.staff.coordinator.actor, {
      role: "on_call",
      siteId: world.bollate.id,
    });
    const staff = await redeemInvite(deps, newcomer, code, "it");
    expect(staff.locale).toBe("en");
    expect(staff.actor.memberships).toEqual([
      { role: "on_call", siteId: world.bollate.id, programmeId: world.programmeId },
    ]);
    await expect(redeemInvite(deps, { ...newcomer, telegramId: 7002 }, code, "it")).rejects.toMatchObject({
      messageKey: "access-invite-invalid",
    });
  });

  it("refuses expired codes and deactivated staff with the same message", async () => {
    const { code } = await createInvite(deps, world.staff.admin.actor, { role: "operator", siteId: world.opera.id });
    clock.advance(72 * 3600_000 + 1);
    await expect(redeemInvite(deps, newcomer, code, "it")).rejects.toMatchObject({
      messageKey: "access-invite-invalid",
    });

    const second = await createInvite(deps, world.staff.admin.actor, { role: "operator", siteId: world.opera.id });
    await deactivateStaff(deps, world.staff.admin.actor, world.staff.operator.id);
    await expect(
      redeemInvite(deps, { ...newcomer, telegramId: Number(world.staff.operator.telegramId) }, second.code, "it"),
    ).rejects.toMatchObject({ messageKey: "access-invite-invalid" });
    // The refused attempt did not use the code up.
    expect((await redeemInvite(deps, newcomer, second.code, "it")).displayName).toBe("Nuova Collega");
  });
});

describe("bootstrap admins", () => {
  it("become admins on first /start, once, and are never reactivated", async () => {
    const profile = { telegramId: 8080, displayName: "Boot", languageCode: "it" };
    const admin = await ensureBootstrapAdmin(deps, profile, "it");
    expect(admin?.actor.memberships).toEqual([{ role: "admin", siteId: null, programmeId: null }]);
    await ensureBootstrapAdmin(deps, profile, "it");
    expect(await deps.db.membership.count({ where: { staffId: admin?.id } })).toBe(1);
    await deactivateStaff(deps, null, admin?.id as number);
    expect((await ensureBootstrapAdmin(deps, profile, "it"))?.active).toBe(false);
    expect(await ensureBootstrapAdmin(deps, { ...profile, telegramId: 1234 }, "it")).toBeNull();
  });
});
