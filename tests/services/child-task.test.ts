// Child tasks run one at a time: the bot and one child fit the service's memory ceiling, two programmes' rows may not.
// They see none of the bot's settings, secrets included.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { runInChildProcess } from "../../src/services/child-task.ts";
import { renderWeeklyChartPng } from "../../src/services/reports/chart.ts";

/** Child processes of this process that run one of Ponte's child tasks (a `*-worker` module). */
function runningChildTasks(): number {
  const pids = readdirSync("/proc/self/task").flatMap((thread) =>
    readFileSync(`/proc/self/task/${thread}/children`, "utf8").split(" ").filter(Boolean),
  );
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("-worker.");
    } catch {
      return false; // it ended meanwhile
    }
  }).length;
}

it("runs three charts asked for at once one after another, and each gets its own picture", async () => {
  const labels = { title: "Ultime 8 settimane", sessions: "Sessioni", attendanceRate: "Tasso di presenza" };
  const chart = (sessions: number) =>
    renderWeeklyChartPng([{ weekKey: "2026-W13", sessions, attendanceRate: 0.5 }], labels);
  let most = 0;
  const watcher = setInterval(() => {
    most = Math.max(most, runningChildTasks());
  }, 5);
  try {
    const pngs = await Promise.all([chart(3), chart(7), chart(11)]);
    expect(new Set(pngs.map((png) => png.toString("base64"))).size).toBe(3);
  } finally {
    clearInterval(watcher);
  }
  expect(most).toBe(1);
});

it("gives a child none of the bot's settings (token, key, webhook secret, database URL), and Node's and PostgreSQL's own", async () => {
  const secrets = {
    BOT_TOKEN: "123456:secret-token",
    ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
    WEBHOOK_SECRET: "secret-of-the-webhook",
    DATABASE_URL: "postgres://ponte:password@127.0.0.1:5432/ponte",
  };
  const kept = { PGAPPNAME: "ponte-child-test" };
  const saved = Object.fromEntries(Object.keys({ ...secrets, ...kept }).map((name) => [name, process.env[name]]));
  Object.assign(process.env, secrets, kept);
  try {
    const names = await runInChildProcess<string[]>(
      new URL("./child-tasks/environment-worker.ts", import.meta.url),
      {},
    );
    for (const name of Object.keys(secrets)) expect(names).not.toContain(name);
    expect(names).toEqual(expect.arrayContaining(["PATH", ...Object.keys(kept)]));
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
