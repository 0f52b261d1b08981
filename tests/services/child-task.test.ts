// Child tasks run one at a time: the bot and one child fit the service's memory ceiling, two programmes' rows may not.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
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
