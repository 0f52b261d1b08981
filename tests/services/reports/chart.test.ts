import { describe, expect, it } from "vitest";
import type { WeeklyChartPoint } from "../../../src/domain/digest.ts";
import {
  CHART_SIZE,
  PIXEL_RATIO,
  renderWeeklyChartPng,
  svgToPng,
  weeklyChartSvg,
} from "../../../src/services/reports/chart.ts";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const points: WeeklyChartPoint[] = [
  { weekKey: "2026-W06", sessions: 12, attendanceRate: 0.8 },
  { weekKey: "2026-W07", sessions: 9, attendanceRate: 0.75 },
  { weekKey: "2026-W08", sessions: 0, attendanceRate: null },
  { weekKey: "2026-W09", sessions: 14, attendanceRate: 0.6 },
  { weekKey: "2026-W10", sessions: 11, attendanceRate: 0.55 },
  { weekKey: "2026-W11", sessions: 8, attendanceRate: 0.9 },
  { weekKey: "2026-W12", sessions: 5, attendanceRate: 5 / 7 },
  { weekKey: "2026-W13", sessions: 10, attendanceRate: 0.5 },
];
const labels = { title: "Ultime 8 settimane", sessions: "Sessioni", attendanceRate: "Tasso di presenza" };

/** Width and height from the PNG's IHDR chunk, which always follows the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.toString("ascii", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgWithText(fontFamily: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="4" y="28" font-size="20" font-family="${fontFamily}">Presenze 75%</text></svg>`;
}

describe("renderWeeklyChartPng", () => {
  it("renders a PNG of the chart size at the pixel ratio", async () => {
    const png = await renderWeeklyChartPng(points, labels);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: CHART_SIZE.width * PIXEL_RATIO, height: CHART_SIZE.height * PIXEL_RATIO });
    expect(pngSize(png)).toEqual({ width: 1600, height: 800 });
  });

  it("draws the text, so a different title gives a different image", async () => {
    const first = await renderWeeklyChartPng(points, labels);
    const again = await renderWeeklyChartPng(points, labels);
    const retitled = await renderWeeklyChartPng(points, { ...labels, title: "Last 8 weeks" });
    expect(again.equals(first)).toBe(true);
    expect(retitled.equals(first)).toBe(false);
  });

  it("draws the data, so different figures give a different image", async () => {
    const first = await renderWeeklyChartPng(points, labels);
    const changed = await renderWeeklyChartPng(
      points.map((p) => ({ ...p, sessions: p.sessions + 1 })),
      labels,
    );
    expect(changed.equals(first)).toBe(false);
  });
});

describe("svgToPng", () => {
  it("draws text with the bundled DejaVu Sans and never with system fonts", async () => {
    const bundled = await svgToPng(svgWithText("DejaVu Sans"));
    const blank = await svgToPng(svgWithText("DejaVu Sans").replace("Presenze 75%", ""));
    // A family that may be installed on the machine but is not bundled falls back to DejaVu Sans.
    const systemOnly = await svgToPng(svgWithText("DejaVu Serif"));
    expect(bundled.equals(blank)).toBe(false);
    expect(systemOnly.equals(bundled)).toBe(true);
  });

  it("reports a drawing that fails instead of waiting for it forever", async () => {
    await expect(svgToPng("<svg")).rejects.toThrow();
  });
});

describe("weeklyChartSvg", () => {
  it("labels the session axis up to a round number above the busiest week, and the rate axis 0–100%", () => {
    const svg = weeklyChartSvg(
      points.map((p) => ({ ...p, sessions: p.sessions * 10 })),
      labels,
    );
    const tickLabels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(tickLabels).toEqual(expect.arrayContaining(["0", "20", "140", "0%", "50%", "100%", "2026-W06", "2026-W13"]));
    expect(tickLabels).not.toContain("160");
  });

  it("leaves a gap in the attendance line at a week without attendance, rather than a fall to zero", () => {
    const svg = weeklyChartSvg(points, labels);
    // W08 has no rate: one line for W06–W07, one for W09–W13, and a dot for each of the seven weeks with a rate.
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(7);
  });

  it("escapes labels, so a programme name with an ampersand still draws", async () => {
    const svg = weeklyChartSvg(points, { ...labels, title: "Casa & Lavoro <Nord>" });
    expect(svg).toContain("Casa &#38; Lavoro &#60;Nord&#62;");
    expect((await svgToPng(svg)).subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });
});
